using System.Net;
using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Hosting;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

public class ProxyConsoleTests
{
    /// <summary>A terminal that stops reading (paused, or a pipe nobody drains): every write after the first blocks.</summary>
    private sealed class StuckTerminal : TextWriter
    {
        private readonly ManualResetEventSlim _release = new();
        private int _writes;

        public override Encoding Encoding => Encoding.UTF8;
        public StringBuilder Text { get; } = new();
        private int _blocked;

        public int BlockedWrites => Volatile.Read(ref _blocked);

        public override void Write(string? value)
        {
            if (Interlocked.Increment(ref _writes) > 1)
            {
                Interlocked.Increment(ref _blocked);
                _release.Wait();
            }

            lock (Text)
            {
                Text.Append(value);
            }
        }

        public override void Write(char value) => Write(value.ToString());

        public void Release() => _release.Set();
    }

    [Fact]
    public async Task A_stuck_terminal_does_not_stop_requests_and_gets_every_line_once_it_reads_again()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, """{"ok":true}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, "sk-console-test-0001", null));
        var terminal = new StuckTerminal();
        var server = await ProxyServer.StartAsync(new ProxyServerOptions { Kind = ServiceKind.Codex, Paths = home.Paths, GetEnv = home.GetEnv, Console = terminal });
        try
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; i < 20; i++)
            {
                using var response = await client.PostAsync("/responses", new StringContent("{}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                // Spread over several console batches, so some of them queue up behind the stuck write.
                await Task.Delay(10);
            }

            await server.Runtime.Log.FlushAsync();
            Assert.Equal(20, File.ReadAllLines(home.Paths.RequestLog).Length);
            Assert.Equal(1, terminal.BlockedWrites);
        }
        finally
        {
            terminal.Release();
            await server.DisposeAsync();
        }

        var printed = terminal.Text.ToString();
        Assert.Contains("proxy listening on", printed);
        Assert.Equal(20, printed.Split('\n').Count(l => l.Contains("POST /responses 200")));
        Assert.DoesNotContain("sk-console-test-0001", printed);
    }

    [Fact]
    public async Task A_flush_behind_a_full_queue_returns_instead_of_waiting_forever()
    {
        var terminal = new StuckTerminal();
        var console = new ConsoleReporter(terminal);
        try
        {
            // One batch gets through, the next one hangs in the terminal: from then on the queue only fills.
            console.Say("first line");
            await console.FlushAsync();
            console.Say("second line");
            for (var i = 0; i < 500 && terminal.BlockedWrites == 0; i++)
            {
                await Task.Delay(10);
            }

            Assert.Equal(1, terminal.BlockedWrites);
            for (var i = 0; i < 20_000; i++)
            {
                console.Say($"line {i}");
            }

            var flush = console.FlushAsync();
            Assert.Same(flush, await Task.WhenAny(flush, Task.Delay(TimeSpan.FromSeconds(30))));
        }
        finally
        {
            terminal.Release();
            await console.DisposeAsync();
        }

        Assert.Contains("line(s) not shown", terminal.Text.ToString());
    }
}

using System.Diagnostics;
using System.Net.Sockets;

namespace CodexHelper.Tests.Support;

/// <summary>
/// A real redis-server of the test's own, on a free loopback port, without persistence (no state shared between
/// tests). <c>.ci/run</c> installs Debian's redis-server; CODEX_HELPER_TEST_REDIS_SERVER names another binary.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }
    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        SystemTool.Require(Environment.GetEnvironmentVariable("CODEX_HELPER_TEST_REDIS_SERVER") is { Length: > 0 } b ? b : "redis-server", "redis-server");
        var server = new RedisServer(FreePort.Get());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port, empty.</summary>
    public async Task StartAgainAsync()
    {
        var binary = Environment.GetEnvironmentVariable("CODEX_HELPER_TEST_REDIS_SERVER") is { Length: > 0 } b ? b : "redis-server";
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no" })
        {
            psi.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot start {binary} ({ex.Message}): install it with `apt-get install -y redis-server` (.ci/run does)", ex);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        throw new TimeoutException($"redis-server did not listen on {Port}");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Runs one command with redis-cli-like RESP over a socket (tests read what replicas wrote).</summary>
    public async Task<string?> GetAsync(string key)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port}");
        return await redis.GetDatabase().StringGetAsync(key);
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

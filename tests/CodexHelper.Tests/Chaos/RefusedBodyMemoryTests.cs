using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Xunit.Abstractions;

namespace CodexHelper.Tests.Chaos;

/// <summary>A refused oversized body must give its memory back (the shared array pool would keep it for good).</summary>
[Collection("Chaos")]
[Trait("Category", "Chaos")]
public class RefusedBodyMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Bodies_refused_with_413_leave_the_heap_as_it_was()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        await SendAsync(proxy, 1024, 1); // warm up
        var before = ManagedHeap();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await SendAsync(proxy, 70L * 1024 * 1024, i + 2));
        }

        // The log line is written before the handler has returned and dropped its buffer, so the heap is
        // read again until the request is really over (a retained buffer would never come back).
        var after = ManagedHeap();
        for (var attempt = 0; attempt < 50 && after - before >= 16L * 1024 * 1024; attempt++)
        {
            await Task.Delay(100);
            after = ManagedHeap();
        }

        output.WriteLine($"managed heap after full GC: {before / 1048576.0:0.0} MB before, {after / 1048576.0:0.0} MB after three refused 70 MB bodies");
        Assert.True(after - before < 16L * 1024 * 1024, $"heap grew from {before} to {after} bytes");
        Assert.Equal(HttpStatusCode.OK, await SendAsync(proxy, 1024, 5));
        var log = await proxy.LogLinesAsync(5);
        Assert.Equal(3, log.Count(l => l["outcome"]!.GetValue<string>() == "rejected" && l["status_code"]!.GetValue<int>() == 413));
        Assert.Equal(2, upstream.RequestCount);
    }

    /// <summary>Sends a chunked body (no Content-Length, so the proxy has to read up to its limit before refusing).</summary>
    private static async Task<HttpStatusCode> SendAsync(ProxyHarness proxy, long bytes, int lines)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StreamContent(new ZeroStream(bytes)) };
        request.Headers.TransferEncodingChunked = true;
        try
        {
            using var response = await proxy.Client.SendAsync(request);
            await proxy.LogLinesAsync(lines); // the request is over on the proxy's side too
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The proxy closes the connection after its 413 while the client is still sending; the log has the answer.
            var logged = await proxy.LogLinesAsync(lines);
            return (HttpStatusCode)logged[^1]["status_code"]!.GetValue<int>();
        }
    }

    private static long ManagedHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed class ZeroStream(long total) : Stream
    {
        private long _left = total;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

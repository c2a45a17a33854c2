using System.Net;
using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

public class ProxyStreamingTests
{
    [Fact]
    public async Task Each_sse_event_reaches_the_client_before_the_upstream_sends_the_next()
    {
        using var home = new TempHome();
        var clientSawFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamFinished = false;
        await using var upstream = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("event: response.created\ndata: {\"type\":\"response.created\"}\n\nevent: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n");
            await ctx.Response.Body.FlushAsync();
            // The upstream holds the rest back until the client proves it got the first events.
            await clientSawFirst.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await ctx.Response.WriteAsync("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":7,\"output_tokens\":3,\"total_tokens\":10}}}\n\n");
            upstreamFinished = true;
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, "sk-abcdefghijkl", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("""{"model":"gpt-5","stream":true}""") };
        using var response = await proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();
        Assert.False(upstreamFinished);
        Assert.Equal("event: response.created", first);
        clientSawFirst.SetResult();
        var rest = await reader.ReadToEndAsync();

        Assert.Contains("response.completed", rest);
        Assert.True(upstreamFinished);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("gpt-5", log["model"]!.GetValue<string>());
        Assert.True(log["ttfb_ms"]!.GetValue<long>() <= log["duration_ms"]!.GetValue<long>());
    }

    [Fact]
    public async Task Client_going_away_cancels_the_upstream_request_at_once()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("data: {\"type\":\"response.created\"}\n\n");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, "sk-abcdefghijkl", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        // No drain: by default a disposed response's connection is drained for up to 2 s before it closes,
        // and the client's going away is what this test is about.
        var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = proxy.Server.BaseAddress };
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{}") }, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.True(await stream.ReadAsync(new byte[16]) > 0);
        response.Dispose();
        client.Dispose();

        await upstream.RequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.True(log["client_aborted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_stream_cut_midway_ends_the_clients_response_abruptly_and_is_logged_as_failure()
    {
        using var home = new TempHome();
        var clientHasEvents = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("data: {\"type\":\"response.created\"}\n\ndata: {\"type\":\"response.output_text.delta\"}\n\n");
            await ctx.Response.Body.FlushAsync();
            await clientHasEvents.Task.WaitAsync(TimeSpan.FromSeconds(20));
            ctx.Abort();
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, "sk-abcdefghijkl", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{}") }, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("data: {\"type\":\"response.created\"}", await reader.ReadLineAsync());
        clientHasEvents.SetResult();
        var ex = await Record.ExceptionAsync(() => reader.ReadToEndAsync());

        Assert.IsAssignableFrom<IOException>(ex is HttpRequestException h ? h.InnerException ?? h : ex);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Contains("broke off", log["error"]!.GetValue<string>());
        Assert.Equal(200, log["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_idle_stream_past_the_idle_timeout_is_cut_and_logged()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("data: {\"type\":\"response.created\"}\n\n");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        });
        TestConfig.WriteWithRouting(home, upstream.BaseUrl, """{"idle_timeout_secs":0.5}""");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{}") }, HttpCompletionOption.ResponseHeadersRead);
        var ex = await Record.ExceptionAsync(() => response.Content.ReadAsStringAsync());

        Assert.NotNull(ex);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Contains("idle timeout", log["error"]!.GetValue<string>());
        await upstream.RequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_large_response_streams_through_intact()
    {
        using var home = new TempHome();
        var payload = new byte[8 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        await using var upstream = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/octet-stream";
            for (var i = 0; i < payload.Length; i += 100_000)
            {
                await ctx.Response.Body.WriteAsync(payload.AsMemory(i, Math.Min(100_000, payload.Length - i)));
            }
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, "sk-abcdefghijkl", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        var received = await proxy.Client.GetByteArrayAsync("/files/blob");

        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task Claude_codes_head_probes_of_root_and_api_hello_are_answered_locally_and_not_logged()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.StartAsync((ctx, _) =>
        {
            ctx.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        TestConfig.Write(home, ServiceKind.Claude, "c", (upstream.BaseUrl, null, "sk-ant-1234567890"));
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var response = await proxy.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        using var hello = await proxy.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/hello"));
        using var real = await proxy.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/models"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        Assert.Equal(0, hello.Content.Headers.ContentLength ?? 0);
        Assert.Equal("/v1/models", Assert.Single(upstream.Requests).Path);
        var log = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal("/v1/models", log["path"]!.GetValue<string>());
        Assert.Equal(1, proxy.Server.Runtime.Counters.Snapshot().Requests);
    }
}

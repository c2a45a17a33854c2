using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>
/// Keepalives while an upstream has not even sent its response headers (a relay that queues the request, or thinks
/// before answering): a streaming client's event stream begins with SSE comments, a failover can still follow, and a
/// final failure ends in the client's protocol.
/// </summary>
public class ProxyHeaderWaitKeepaliveTests
{
    private const string Created = StreamingTurns.ResponseCreated;
    private const string Delta = StreamingTurns.TextDelta;
    private const string Comment = ": keepalive";

    /// <summary>An upstream that sends no headers until <paramref name="release"/> (bounded), then answers with <paramref name="answer"/>.</summary>
    private static Task<StubUpstream> HeadlessAsync(Task release, Func<HttpContext, Task> answer) => StubUpstream.StartAsync(async (ctx, _) =>
    {
        await Task.WhenAny(release, Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        await answer(ctx);
    });

    private static async Task StreamAsync(HttpContext ctx, string events)
    {
        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.WriteAsync(events);
    }

    /// <summary>The client's text; once it saw two keepalive comments, <paramref name="release"/> lets the upstream answer.</summary>
    private static async Task<string> ReadAsync(HttpResponseMessage response, TaskCompletionSource? release)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var text = new StringBuilder();
        var seen = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            text.Append(line).Append('\n');
            if (line == Comment && ++seen == 2)
            {
                release?.TrySetResult();
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task A_codex_turn_gets_comments_while_the_upstream_sends_no_headers_and_then_its_events()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await HeadlessAsync(release.Task, ctx => StreamAsync(ctx, Created + Delta));
        ProxyKeepaliveTests.WriteConfig(home, ServiceKind.Codex, slow.BaseUrl, new RoutingOptions { KeepaliveSecs = 0.2, HeaderTimeoutSecs = 60 });
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadAsync(response, release);

        Assert.True(release.Task.IsCompleted, text);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith(Comment + "\n\n" + Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith(Created + Delta, text, StringComparison.Ordinal);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("ok", log["outcome"]!.GetValue<string>());
        Assert.True(log["keepalives"]!.GetValue<int>() >= 2, log.ToJsonString());
    }

    [Fact]
    public async Task After_comments_a_failing_upstream_still_fails_over_and_the_next_serves_the_turn()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var broken = await HeadlessAsync(release.Task, async ctx =>
        {
            ctx.Response.StatusCode = 503;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"error":{"message":"overloaded"}}""");
        });
        await using var healthy = await StubUpstream.StartAsync((ctx, _) => StreamAsync(ctx, Created + Delta));
        TestConfig.WriteWithRouting(home, broken.BaseUrl, """{"keepalive_secs":0.2,"header_timeout_secs":60}""", healthy.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadAsync(response, release);

        Assert.True(release.Task.IsCompleted, text);
        Assert.StartsWith(Comment + "\n\n" + Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n\n" + Created + Delta, text, StringComparison.Ordinal);
        Assert.DoesNotContain("overloaded", text, StringComparison.Ordinal);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal(healthy.BaseUrl, log["upstream_base_url"]!.GetValue<string>());
        Assert.Equal("ok", log["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_the_only_upstream_never_sends_headers_codex_gets_the_timeout_in_stream_after_the_comments()
    {
        using var home = new TempHome();
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var silent = await HeadlessAsync(never.Task, ctx => StreamAsync(ctx, Created));
        ProxyKeepaliveTests.WriteConfig(home, ServiceKind.Codex, silent.BaseUrl, new RoutingOptions { KeepaliveSecs = 0.2, HeaderTimeoutSecs = 1 });
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadAsync(response, release: null);

        Assert.StartsWith(Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.Contains("event: response.failed", text, StringComparison.Ordinal);
        Assert.Contains("no response headers within 1 s", text, StringComparison.Ordinal);
        Assert.DoesNotContain("response.created", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claude_turn_gets_comments_not_pings_before_the_headers()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const string start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n";
        const string stop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        await using var slow = await HeadlessAsync(release.Task, ctx => StreamAsync(ctx, start + stop));
        ProxyKeepaliveTests.WriteConfig(home, ServiceKind.Claude, slow.BaseUrl, new RoutingOptions { KeepaliveSecs = 0.2, HeaderTimeoutSecs = 60 });
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Claude(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadAsync(response, release);

        Assert.True(release.Task.IsCompleted, text);
        Assert.StartsWith(Comment + "\n\n" + Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ping", text, StringComparison.Ordinal);
        Assert.EndsWith(start + stop, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_asked_for_no_stream_gets_no_comments_while_it_waits()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await HeadlessAsync(release.Task, async ctx =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"id":"resp_1","status":"completed"}""");
        });
        ProxyKeepaliveTests.WriteConfig(home, ServiceKind.Codex, slow.BaseUrl, new RoutingOptions { KeepaliveSecs = 0.2, HeaderTimeoutSecs = 60 });
        await using var proxy = await ProxyHarness.StartAsync(home);

        var sending = proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5"}""", Encoding.UTF8, "application/json"));
        // Several keepalive intervals pass while the upstream holds its headers back: none may reach a JSON client.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(sending.IsCompleted);
        release.SetResult();
        using var response = await sending;

        Assert.Equal("""{"id":"resp_1","status":"completed"}""", await response.Content.ReadAsStringAsync());
        Assert.Null((await proxy.LogLinesAsync(1))[0]["keepalives"]);
    }
}

using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>
/// Keepalives during the first-event hold: the client's event stream begins with SSE comments while no upstream is
/// committed yet, and a failover still serves the body.
/// </summary>
public class ProxyHoldKeepaliveTests
{
    private const string Created = StreamingTurns.ResponseCreated;
    private const string Delta = StreamingTurns.TextDelta;
    private const string Comment = ": keepalive";
    private const string Failed = "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"error\":{\"code\":\"server_error\",\"message\":\"relay broke\"}}}\n\n";

    private static readonly RoutingOptions Holding = new() { KeepaliveSecs = 0.2, FirstEventTimeoutSecs = 60, IdleTimeoutSecs = 60 };

    /// <summary>The client's text; once it saw two keepalive comments, <paramref name="release"/> lets the upstream go on.</summary>
    private static async Task<string> ReadAsync(HttpResponseMessage response, TaskCompletionSource release)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var text = new StringBuilder();
        var seen = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            text.Append(line).Append('\n');
            if (line == Comment && ++seen == 2)
            {
                release.TrySetResult();
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task A_held_codex_answer_begins_the_stream_with_comments_before_its_first_event()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await ProxyKeepaliveTests.SilentAsync(Comment + "\n\n", release.Task, Created + Delta);
        ProxyKeepaliveTests.WriteConfig(home, ServiceKind.Codex, slow.BaseUrl, Holding);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadAsync(response, release);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.True(release.Task.IsCompleted, text);
        Assert.StartsWith(Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith(Created + Delta, text, StringComparison.Ordinal);
        Assert.Equal("ok", (await proxy.LogLinesAsync(1))[0]["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_keepalives_an_error_event_still_fails_over_and_the_next_upstream_serves_the_body()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var broken = await ProxyKeepaliveTests.SilentAsync(Created, release.Task, Failed);
        await using var healthy = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync(Created + Delta);
        });
        TestConfig.WriteWithRouting(home, broken.BaseUrl, """{"keepalive_secs":0.2,"first_event_timeout_secs":60}""", healthy.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadAsync(response, release);

        Assert.True(release.Task.IsCompleted, text);
        Assert.StartsWith(Comment + "\n\n" + Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n\n" + Created + Delta, text, StringComparison.Ordinal);
        Assert.DoesNotContain("relay broke", text, StringComparison.Ordinal);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal(healthy.BaseUrl, log["upstream_base_url"]!.GetValue<string>());
        Assert.Equal("ok", log["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_the_only_upstream_fails_after_keepalives_codex_gets_the_reason_in_stream()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var broken = await ProxyKeepaliveTests.SilentAsync(Created, release.Task, Failed);
        ProxyKeepaliveTests.WriteConfig(home, ServiceKind.Codex, broken.BaseUrl, Holding);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadAsync(response, release);

        Assert.StartsWith(Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.Contains("event: response.failed", text, StringComparison.Ordinal);
        Assert.Contains("codex-helper: the only upstream failed", text, StringComparison.Ordinal);
        Assert.Contains("relay broke", text, StringComparison.Ordinal);
        Assert.DoesNotContain("response.created", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_held_claude_answer_gets_comments_not_pings_before_message_start()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const string start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n";
        await using var slow = await ProxyKeepaliveTests.SilentAsync("", release.Task, start + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        ProxyKeepaliveTests.WriteConfig(home, ServiceKind.Claude, slow.BaseUrl, Holding);
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Claude(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadAsync(response, release);

        Assert.True(release.Task.IsCompleted, text);
        Assert.StartsWith(Comment + "\n\n" + Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.Equal("event: message_start", text.Split('\n').First(l => l.StartsWith("event:", StringComparison.Ordinal)));
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", text, StringComparison.Ordinal);
    }
}

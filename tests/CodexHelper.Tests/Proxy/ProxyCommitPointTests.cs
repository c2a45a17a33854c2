using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>The commit point of streaming answers: held until their first meaningful event, so a failure inside a 200 fails over.</summary>
public class ProxyCommitPointTests
{
    private const string Created = StreamingTurns.ResponseCreated;
    private const string Delta = StreamingTurns.TextDelta;

    private static Task<StubUpstream> SseAsync(params string[] events) => StubUpstream.StartAsync(async (ctx, _) =>
    {
        ctx.Response.ContentType = "text/event-stream";
        foreach (var e in events)
        {
            await ctx.Response.WriteAsync(e);
            await ctx.Response.Body.FlushAsync();
        }
    });

    private static HttpRequestMessage CodexTurn() => StreamingTurns.Codex();

    [Theory]
    [InlineData("event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"error\":{\"code\":\"server_error\",\"message\":\"relay broke\"}}}\n\n", "upstream sent an error event first: response.failed (relay broke)")]
    [InlineData("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", "upstream sent an error event first: error (Overloaded)")]
    [InlineData("", "upstream answered 200 with an empty stream")]
    public async Task A_failure_inside_a_200_before_any_content_fails_over_and_counts(string firstEvents, string reason)
    {
        using var home = new TempHome();
        await using var broken = await SseAsync(firstEvents.Length == 0 ? [] : [Created, firstEvents]);
        await using var healthy = await SseAsync(Created, Delta);
        TestConfig.Write(home, ServiceKind.Codex, "main", (broken.BaseUrl, null, null), (healthy.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(CodexTurn());
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Created + Delta, text);
        var log = (await proxy.LogLinesAsync(1))[0];
        var attempts = log["attempts"]!.AsArray();
        Assert.Equal(reason, attempts[0]!["error"]!.GetValue<string>());
        Assert.Equal(healthy.BaseUrl, log["upstream_base_url"]!.GetValue<string>());
        var status = proxy.Server.Runtime.Router.Snapshot().Single(u => u.BaseUrl == broken.BaseUrl);
        Assert.Equal(1, status.ConsecutiveFailures);
    }

    [Fact]
    public async Task When_the_only_upstream_fails_inside_a_200_codex_gets_the_reason()
    {
        using var home = new TempHome();
        await using var broken = await SseAsync(Created, "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"error\":{\"message\":\"no credit\"}}}\n\n");
        TestConfig.Write(home, ServiceKind.Codex, "main", (broken.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(CodexTurn());
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains($"\"message\":\"codex-helper: the only upstream failed: {broken.BaseUrl[7..]}: upstream sent an error event first: response.failed (no credit)\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("response.created", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preamble_is_held_until_content_but_never_past_the_time_bound()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync(Created);
            await ctx.Response.Body.FlushAsync();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await ctx.Response.WriteAsync(Delta);
        });
        TestConfig.WriteWithRouting(home, slow.BaseUrl, """{"first_event_timeout_secs":0.3}""");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(CodexTurn(), HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // Committed by the time bound while the upstream still thinks: the client has the preamble...
        Assert.Equal("event: response.created", await reader.ReadLineAsync());
        release.SetResult();
        // ...and the rest follows through the read the hold had started.
        Assert.Equal(Created[(Created.IndexOf('\n') + 1)..] + Delta, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task A_codex_stream_that_breaks_between_events_ends_with_a_retryable_response_failed()
    {
        using var home = new TempHome();
        await using var cutting = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync(Created + Delta);
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(200);
            ctx.Abort();
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (cutting.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(CodexTurn());
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith(Created + Delta + "event: response.failed\ndata: ", text, StringComparison.Ordinal);
        var failed = JsonNode.Parse(text.Split('\n')[^3]["data: ".Length..])!;
        Assert.Equal("server_error", failed["response"]!["error"]!["code"]!.GetValue<string>());
        Assert.StartsWith("codex-helper: upstream stream broke off", failed["response"]!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("broke off", (await proxy.LogLinesAsync(1))[0]["error"]!.GetValue<string>());
    }
}

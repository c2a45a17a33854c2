using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>
/// SSE allows LF, CRLF and CR line ends: relays that send CRLF (or CR) streams get the same commit point, failover
/// and end-of-stream error as LF ones, for Codex (Responses) and Claude Code (Messages) alike.
/// </summary>
public class ProxyLineEndingTests
{
    private const string Created = StreamingTurns.ResponseCreated;
    private const string Failed = "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"error\":{\"message\":\"relay broke\"}}}\n\n";
    private const string Delta = StreamingTurns.TextDelta;
    private const string MessageStart = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\"}}\n\n";
    private const string AnthropicError = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    private const string BlockDelta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"from the backup\"}}\n\n";

    /// <summary>A generous bound for "arrives without waiting for a time bound" (the hold's bound is set far above it).</summary>
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    private static string With(string lf, string eol) => lf.Replace("\n", eol, StringComparison.Ordinal);

    /// <summary>Sends the events, then keeps the stream open until released: only the events themselves can decide.</summary>
    private static Task<StubUpstream> OpenStreamAsync(TaskCompletionSource release, params string[] events) => StubUpstream.StartAsync(async (ctx, _) =>
    {
        ctx.Response.ContentType = "text/event-stream";
        foreach (var e in events)
        {
            await ctx.Response.WriteAsync(e);
            await ctx.Response.Body.FlushAsync();
        }

        await release.Task.WaitAsync(ctx.RequestAborted);
    });

    private static void WriteConfig(TempHome home, ServiceKind kind, params string[] baseUrls) => WriteConfig(home, kind, 120, baseUrls);

    private static void WriteConfig(TempHome home, ServiceKind kind, double idleSecs, params string[] baseUrls)
    {
        var upstreams = string.Join(",", baseUrls.Select(u => "{\"base_url\":\"" + u + "\",\"auth\":{}}"));
        var section = "{\"active\":\"m\",\"configs\":{\"m\":{\"name\":\"m\",\"upstreams\":[" + upstreams + "]}}}";
        var empty = "{\"active\":null,\"configs\":{}}";
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":" + (kind == ServiceKind.Codex ? section : empty) + ",\"claude\":" + (kind == ServiceKind.Claude ? section : empty)
            + ",\"routing\":{\"first_event_timeout_secs\":120,\"idle_timeout_secs\":" + idleSecs.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}");
    }

    /// <summary>Sends the events, then breaks the connection off: a stream that fails after the commit point.</summary>
    private static Task<StubUpstream> CuttingStreamAsync(string events) => StubUpstream.StartAsync(async (ctx, _) =>
    {
        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.WriteAsync(events);
        await ctx.Response.Body.FlushAsync();
        await Task.Delay(200);
        ctx.Abort();
    });

    /// <summary>Reads the client's stream until it holds <paramref name="expected"/> (or the bound passes).</summary>
    private static async Task<string> ReadUntilAsync(HttpResponseMessage response, string expected)
    {
        var stream = await response.Content.ReadAsStreamAsync();
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        using var bound = new CancellationTokenSource(Soon);
        while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, bound.Token);
            if (n == 0)
            {
                break;
            }

            seen.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return seen.ToString();
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public async Task A_codex_error_event_first_fails_over_and_content_commits_without_waiting(string eol)
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var broken = await OpenStreamAsync(release, With(Created, eol), With(Failed, eol));
        await using var healthy = await OpenStreamAsync(release, With(Created, eol), With(Delta, eol));
        WriteConfig(home, ServiceKind.Codex, broken.BaseUrl, healthy.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadUntilAsync(response, "from the backup");
        release.SetResult();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(With(Created + Delta, eol), text);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("upstream sent an error event first: response.failed (relay broke)", log["attempts"]![0]!["error"]!.GetValue<string>());
        Assert.Equal(healthy.BaseUrl, log["upstream_base_url"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public async Task A_claude_error_event_first_fails_over_and_content_commits_without_waiting(string eol)
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var broken = await OpenStreamAsync(release, With(MessageStart, eol), With(AnthropicError, eol));
        await using var healthy = await OpenStreamAsync(release, With(MessageStart, eol), With(BlockDelta, eol));
        WriteConfig(home, ServiceKind.Claude, broken.BaseUrl, healthy.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Claude(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadUntilAsync(response, "from the backup");
        release.SetResult();

        Assert.Equal(With(MessageStart + BlockDelta, eol), text);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("upstream sent an error event first: error (Overloaded)", log["attempts"]![0]!["error"]!.GetValue<string>());
        Assert.Equal(healthy.BaseUrl, log["upstream_base_url"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public async Task A_codex_stream_that_breaks_between_events_ends_with_response_failed_whatever_its_line_ends(string eol)
    {
        using var home = new TempHome();
        await using var cutting = await CuttingStreamAsync(With(Created + Delta, eol));
        WriteConfig(home, ServiceKind.Codex, cutting.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex());
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith(With(Created + Delta, eol) + "event: response.failed\ndata: ", text, StringComparison.Ordinal);
        var failed = JsonNode.Parse(text.Split('\n')[^3]["data: ".Length..])!;
        Assert.Equal("server_error", failed["response"]!["error"]!["code"]!.GetValue<string>());
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("stream_broken", log["outcome"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task A_codex_stream_that_goes_idle_between_events_ends_with_response_failed_whatever_its_line_ends(string eol)
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var idle = await OpenStreamAsync(release, With(Created + Delta, eol));
        WriteConfig(home, ServiceKind.Codex, 0.5, idle.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex());
        var text = await response.Content.ReadAsStringAsync();
        release.SetResult();

        Assert.StartsWith(With(Created + Delta, eol) + "event: response.failed\ndata: ", text, StringComparison.Ordinal);
        Assert.Contains("idle timeout", text, StringComparison.Ordinal);
        Assert.Equal("stream_broken", (await proxy.LogLinesAsync(1))[0]["outcome"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public async Task A_claude_stream_that_breaks_after_content_is_cut_as_an_lf_one_is(string eol)
    {
        using var home = new TempHome();
        await using var cutting = await CuttingStreamAsync(With(MessageStart + BlockDelta, eol));
        WriteConfig(home, ServiceKind.Claude, cutting.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Claude(), HttpCompletionOption.ResponseHeadersRead);
        var ex = await Record.ExceptionAsync(() => response.Content.ReadAsStringAsync());

        // Claude Code reports a lost connection and retries; it would show an error event only as "malformed response".
        Assert.IsAssignableFrom<IOException>(ex is HttpRequestException h ? h.InnerException ?? h : ex);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("stream_broken", log["outcome"]!.GetValue<string>());
    }
}

using System.Text;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>Keepalives toward the client while the upstream is silent: in the client's own form, never counted as upstream content.</summary>
public class ProxyKeepaliveTests
{
    private const string Created = StreamingTurns.ResponseCreated;
    private const string Delta = StreamingTurns.TextDelta;
    private const string Comment = ": keepalive";
    private const string MessageStart = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n";
    private const string MessageStop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    internal static void WriteConfig(TempHome home, ServiceKind kind, string baseUrl, RoutingOptions routing, string? protocol = null)
    {
        var config = new HelperConfig { Routing = routing };
        var section = config.Section(kind);
        section.Active = "m";
        section.Configs["m"] = new ServiceConfig { Name = "m", Upstreams = [new UpstreamConfig { BaseUrl = baseUrl, Auth = new UpstreamAuth(), Protocol = protocol }] };
        ConfigStore.For(home.Paths).Save(config);
    }

    /// <summary>An upstream that sends <paramref name="first"/>, then nothing until <paramref name="release"/> (bounded), then <paramref name="rest"/>.</summary>
    internal static Task<StubUpstream> SilentAsync(string first, Task release, string rest) => StubUpstream.StartAsync(async (ctx, _) =>
    {
        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.WriteAsync(first);
        await ctx.Response.Body.FlushAsync();
        await Task.WhenAny(release, Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        await ctx.Response.WriteAsync(rest);
    });

    /// <summary>Reads the stream line by line; once <paramref name="marker"/> was seen <paramref name="count"/> times, releases the upstream.</summary>
    private static async Task<string> ReadReleasingAsync(HttpResponseMessage response, string marker, int count, TaskCompletionSource release)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var text = new StringBuilder();
        var seen = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            text.Append(line).Append('\n');
            if (line == marker && ++seen == count)
            {
                release.TrySetResult();
            }
        }

        return text.ToString();
    }

    private static int Count(string text, string line) => text.Split('\n').Count(l => l == line);

    [Fact]
    public async Task A_silent_codex_turn_gets_sse_comments_between_its_events_and_completes()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await SilentAsync(Created, release.Task, Delta);
        WriteConfig(home, ServiceKind.Codex, slow.BaseUrl, new RoutingOptions { KeepaliveSecs = 0.2, FirstEventTimeoutSecs = 0.05, IdleTimeoutSecs = 60 });
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadReleasingAsync(response, Comment, 3, release);

        Assert.True(release.Task.IsCompleted, text);
        Assert.StartsWith(Created + Comment + "\n\n" + Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith(Comment + "\n\n" + Delta, text, StringComparison.Ordinal);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("ok", log["outcome"]!.GetValue<string>());
        Assert.Equal(Count(text, Comment), log["keepalives"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_silent_claude_turn_gets_anthropic_pings_after_message_start()
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await SilentAsync(MessageStart, release.Task, MessageStop);
        WriteConfig(home, ServiceKind.Claude, slow.BaseUrl, new RoutingOptions { KeepaliveSecs = 0.2, FirstEventTimeoutSecs = 0.05, IdleTimeoutSecs = 60 });
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Claude(), HttpCompletionOption.ResponseHeadersRead);
        var text = await ReadReleasingAsync(response, "event: ping", 2, release);

        Assert.True(release.Task.IsCompleted, text);
        Assert.StartsWith(MessageStart + "event: ping\ndata: {\"type\":\"ping\"}\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith("data: {\"type\":\"ping\"}\n\n" + MessageStop, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Comment, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keepalive_secs_0_sends_none()
    {
        using var home = new TempHome();
        // The upstream is silent for several would-be intervals after the commit point; nothing here reads a clock.
        await using var slow = await SilentAsync(Created, Task.Delay(TimeSpan.FromSeconds(1.5)), Delta);
        WriteConfig(home, ServiceKind.Codex, slow.BaseUrl, new RoutingOptions { KeepaliveSecs = 0, FirstEventTimeoutSecs = 0.2, IdleTimeoutSecs = 60 });
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex());
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(Created + Delta, text);
        Assert.Null((await proxy.LogLinesAsync(1))[0]["keepalives"]);
    }

    [Fact]
    public async Task The_idle_timeout_still_fires_when_only_keepalives_flow()
    {
        using var home = new TempHome();
        await using var silent = await SilentAsync(Created, new TaskCompletionSource().Task, Delta);
        WriteConfig(home, ServiceKind.Codex, silent.BaseUrl, new RoutingOptions { KeepaliveSecs = 0.2, FirstEventTimeoutSecs = 0.05, IdleTimeoutSecs = 1.5 });
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(StreamingTurns.Codex());
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith(Created + Comment + "\n\n", text, StringComparison.Ordinal);
        Assert.Contains("event: response.failed", text, StringComparison.Ordinal);
        Assert.Contains("idle timeout", text, StringComparison.Ordinal);
        Assert.DoesNotContain("from the backup", text, StringComparison.Ordinal);
        Assert.Contains("idle timeout", (await proxy.LogLinesAsync(1))[0]["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

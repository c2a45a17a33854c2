using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

/// <summary>A translated stream gets its keepalives in the client's protocol, never inside one of its events.</summary>
public class ProxyTranslatedKeepaliveTests
{
    private const string Role = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-5\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n";
    private const string Rest = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-5\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"thought it over\"}}]}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-5\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + "data: [DONE]\n\n";

    private static readonly RoutingOptions Routing = new() { KeepaliveSecs = 0.2, FirstEventTimeoutSecs = 0.05, IdleTimeoutSecs = 60 };

    private static bool IsKeepalive(string line) => line is ": keepalive" or "event: ping";

    private static async Task<(string Text, bool Released)> RunAsync(ServiceKind kind, HttpRequestMessage turn)
    {
        using var home = new TempHome();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var chat = await ProxyKeepaliveTests.SilentAsync(Role, release.Task, Rest);
        ProxyKeepaliveTests.WriteConfig(home, kind, chat.BaseUrl, Routing, protocol: "chat");
        await using var proxy = await ProxyHarness.StartAsync(home, kind);

        using var response = await proxy.Client.SendAsync(turn, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var text = new StringBuilder();
        var seen = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            text.Append(line).Append('\n');
            if (IsKeepalive(line) && ++seen == 2)
            {
                release.TrySetResult();
            }
        }

        return (text.ToString(), release.Task.IsCompleted);
    }

    /// <summary>Every keepalive stands alone between two events (the line before it is blank, or it opens the stream).</summary>
    private static void AssertBetweenEvents(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsKeepalive(lines[i]))
            {
                Assert.True(i == 0 || lines[i - 1].Length == 0, text);
            }
        }
    }

    [Fact]
    public async Task Codex_on_a_chat_relay_gets_sse_comments_while_it_is_silent()
    {
        var (text, released) = await RunAsync(ServiceKind.Codex, StreamingTurns.Codex());

        Assert.True(released, text);
        Assert.Contains(": keepalive\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("event: ping", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(": keepalive", StringComparison.Ordinal) < text.IndexOf("thought it over", StringComparison.Ordinal), text);
        Assert.Contains("event: response.completed", text, StringComparison.Ordinal);
        AssertBetweenEvents(text);
    }

    [Fact]
    public async Task Claude_code_on_a_chat_relay_gets_keepalives_and_message_start_stays_first()
    {
        var turn = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"claude-sonnet-4-5","stream":true,"max_tokens":100,"messages":[{"role":"user","content":"think hard"}]}""", Encoding.UTF8, "application/json"),
        };
        turn.Headers.Add("anthropic-version", "2023-06-01");
        turn.Headers.Accept.ParseAdd("text/event-stream");
        var (text, released) = await RunAsync(ServiceKind.Claude, turn);

        Assert.True(released, text);
        Assert.Equal("event: message_start", text.Split('\n').First(l => l.StartsWith("event:", StringComparison.Ordinal)));
        Assert.Contains(text.Split('\n'), IsKeepalive);
        Assert.Contains("thought it over", text, StringComparison.Ordinal);
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", text, StringComparison.Ordinal);
        AssertBetweenEvents(text);
    }
}

using System.Text;
using CodexHelper.Translation;
using CodexHelper.Translation.Catalog;
using CodexHelper.Wire;
using StreamingBench;

namespace CodexHelper.Benchmarks;

/// <summary>
/// The inputs of the translation benchmarks: the recorded first turns of Codex 0.169 and Claude Code 2.1.197
/// (tests/CodexHelper.Tests/Translation/Fixtures, copied next to the binary), and typical upstream streams in each
/// upstream protocol, split into their SSE events as a relay hands them over one flush at a time.
/// </summary>
internal static class TranslationSamples
{
    /// <summary>The four directions, as the benchmarks' parameter values.</summary>
    public static readonly string[] Directions = ["ResponsesToChat", "AnthropicToChat", "ResponsesToAnthropic", "AnthropicToResponses"];

    public static (WireProtocol Client, WireProtocol Upstream) Protocols(string direction) => direction switch
    {
        "ResponsesToChat" => (WireProtocol.Responses, WireProtocol.Chat),
        "AnthropicToChat" => (WireProtocol.Anthropic, WireProtocol.Chat),
        "ResponsesToAnthropic" => (WireProtocol.Responses, WireProtocol.Anthropic),
        "AnthropicToResponses" => (WireProtocol.Anthropic, WireProtocol.Responses),
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "unknown direction"),
    };

    public static ITranslation Translation(string direction)
    {
        var (client, upstream) = Protocols(direction);
        return Translations.For(client, upstream) ?? throw new InvalidOperationException($"no translation for {direction}");
    }

    /// <summary>The recorded first turn of the direction's client.</summary>
    public static byte[] ClientBody(string direction) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures",
            Protocols(direction).Client == WireProtocol.Responses ? "codex-0.169-request.json" : "claude-2.1.197-request.json"));

    /// <summary>
    /// A small streaming turn of the direction's client that declares its shell tool: translating it yields the
    /// response translator a stream benchmark feeds (one per stream, as the proxy makes one per attempt).
    /// </summary>
    public static byte[] TinyTurn(string direction) => Encoding.UTF8.GetBytes(Protocols(direction).Client == WireProtocol.Responses
        ? """{"model":"gpt-5-codex","stream":true,"instructions":"You are Codex.","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"find the token"}]}],"tools":[{"type":"function","name":"exec_command","description":"Runs a command","parameters":{"type":"object","properties":{"cmd":{"type":"string"}},"required":["cmd"]}}],"tool_choice":"auto","parallel_tool_calls":true,"store":false}"""
        : """{"model":"claude-sonnet-4-5","max_tokens":32000,"stream":true,"system":[{"type":"text","text":"You are Claude Code."}],"messages":[{"role":"user","content":[{"type":"text","text":"find the token"}]}],"tools":[{"name":"Bash","description":"Runs a command","input_schema":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}]}""");

    /// <summary>The upstream's stream for the direction and shape ("text": 200 small deltas; "tool": one shell call, arguments in ~8-byte deltas), one array per SSE event.</summary>
    public static byte[][] UpstreamEvents(string direction, string shape)
    {
        var (client, upstream) = Protocols(direction);
        var protocol = upstream switch
        {
            WireProtocol.Chat => "chat",
            WireProtocol.Anthropic => "anthropic",
            _ => "responses",
        };
        var codex = client == WireProtocol.Responses;
        var stream = shape == "text"
            ? WireStream.Whole(protocol, WireShape.Text, WireStream.TextPieces(200))
            : WireStream.Whole(protocol, WireShape.ToolCall, WireStream.ArgumentPieces(codex ? "cmd" : "command"), codex ? "exec_command" : "Bash");
        return [.. stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => Encoding.UTF8.GetBytes(e + "\n\n"))];
    }
}

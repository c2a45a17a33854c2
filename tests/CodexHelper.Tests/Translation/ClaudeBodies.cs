using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CodexHelper.Tests.Translation;

/// <summary>Claude Code request bodies: the real ones recorded from 2.1.197 and small hand-made variants of them.</summary>
public static class ClaudeBodies
{
    /// <summary>The first turn: system list with the billing line, adaptive thinking, max_tokens 64000, 25 tools, a mid-conversation system message.</summary>
    public static byte[] FirstTurn => Fixture("claude-2.1.197-request.json");

    /// <summary>The second turn of a tool run: the assistant's tool_use (toolu_abc, Bash) and the user's tool_result.</summary>
    public static byte[] ToolResultTurn => Fixture("claude-2.1.197-request-tool-result.json");

    public static byte[] Fixture(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Translation", "Fixtures", name));

    /// <summary>A minimal body with the given messages JSON and extra top-level fields.</summary>
    public static byte[] With(string messages, string extra = "") =>
        Encoding.UTF8.GetBytes($$"""{"model":"claude-opus-4-8","max_tokens":64000,"stream":true,"messages":{{messages}}{{(extra.Length > 0 ? "," + extra : "")}}}""");

    /// <summary>The first turn with one field changed (null removes it).</summary>
    public static byte[] FirstTurnWith(string field, string? json)
    {
        var node = JsonNode.Parse(FirstTurn)!.AsObject();
        node.Remove(field);
        if (json is not null)
        {
            node[field] = JsonNode.Parse(json);
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public static JsonElement Parse(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}

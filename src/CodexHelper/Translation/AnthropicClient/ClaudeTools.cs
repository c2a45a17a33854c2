using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>Claude Code's declared tools: which are its own (client) tools, registered in the name map before anything refers to them.</summary>
internal static class ClaudeTools
{
    /// <summary>The client tools in declaration order (server tools such as <c>web_search_20250305</c> are not among them).</summary>
    public static List<JsonElement> Register(JsonElement root, ToolNameMap names)
    {
        var tools = new List<JsonElement>();
        if (!root.TryGetProperty("tools", out var declared) || declared.ValueKind != JsonValueKind.Array)
        {
            return tools;
        }

        foreach (var tool in declared.EnumerateArray())
        {
            if (ClaudeRequest.String(tool, "name") is { Length: > 0 } name && ServerType(tool) is null)
            {
                names.Add(new ClientTool(name, null, ClientToolKind.Function));
                tools.Add(tool);
            }
        }

        return tools;
    }

    /// <summary>The type of an Anthropic server tool (<c>web_search_*</c>, <c>bash_*</c>, …); null for a client tool.</summary>
    public static string? ServerType(JsonElement tool) =>
        ClaudeRequest.String(tool, "type") is { } type && type != "custom" ? type : null;
}

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

    /// <summary>A client tool's <c>name</c>, <c>description</c> and <c>parameters</c> as an OpenAI function declares them.</summary>
    public static void WriteFunctionFields(Utf8JsonWriter json, JsonElement tool, string upstreamName)
    {
        json.WriteString("name", upstreamName);
        if (RawJson.String(tool, "description") is { } description)
        {
            RawJson.Write(json, "description"u8, description);
        }

        json.WritePropertyName("parameters");
        ToolSchema.Write(json, tool.TryGetProperty("input_schema", out var schema) ? schema : null);
    }

    /// <summary>
    /// Claude's <c>tool_choice</c> as OpenAI's, the same on Chat and Responses but for where a named function's
    /// name goes (<paramref name="nestFunction"/>: Chat's <c>{"type":"function","function":{"name":…}}</c>), and
    /// <c>disable_parallel_tool_use</c> as <c>parallel_tool_calls: false</c>.
    /// </summary>
    public static void WriteOpenAiChoice(Utf8JsonWriter json, JsonElement choice, ToolNameMap names, bool nestFunction)
    {
        switch (ClaudeRequest.String(choice, "type"))
        {
            case "any":
                json.WriteString("tool_choice", "required");
                break;
            case "none":
                json.WriteString("tool_choice", "none");
                break;
            case "tool" when ClaudeRequest.String(choice, "name") is { } name:
                json.WriteStartObject("tool_choice");
                json.WriteString("type", "function");
                if (nestFunction)
                {
                    json.WriteStartObject("function");
                }

                json.WriteString("name", names.ToUpstream(name));
                if (nestFunction)
                {
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                break;
            default:
                json.WriteString("tool_choice", "auto");
                break;
        }

        if (choice.TryGetProperty("disable_parallel_tool_use", out var disable) && disable.ValueKind == JsonValueKind.True)
        {
            json.WriteBoolean("parallel_tool_calls", false);
        }
    }
}

using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>Claude Code's tools as flat Responses function tools (Anthropic's web search as the hosted one), tool_choice, parallel calls.</summary>
internal static class ResponsesToolsWriter
{
    public static void Write(Utf8JsonWriter json, JsonElement root, List<JsonElement> tools, ToolNameMap names, DropNotes dropped)
    {
        var webSearch = false;
        if (root.TryGetProperty("tools", out var declared) && declared.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in declared.EnumerateArray())
            {
                if (ClaudeTools.ServerType(tool) is not { } type)
                {
                    continue;
                }

                if (type.StartsWith("web_search", StringComparison.Ordinal))
                {
                    webSearch = true;
                }
                else
                {
                    dropped.Add($"tool {ClaudeRequest.String(tool, "name")} ({type}): an Anthropic server tool, no Responses equivalent");
                }
            }
        }

        if (tools.Count == 0 && !webSearch)
        {
            return;
        }

        json.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            WriteTool(json, tool, names.ToUpstream(ClaudeRequest.String(tool, "name")!));
        }

        if (webSearch)
        {
            json.WriteStartObject();
            json.WriteString("type", "web_search");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.Object)
        {
            WriteChoice(json, choice, names);
        }
    }

    private static void WriteTool(Utf8JsonWriter json, JsonElement tool, string upstreamName)
    {
        json.WriteStartObject();
        json.WriteString("type", "function");
        json.WriteString("name", upstreamName);
        if (ClaudeRequest.String(tool, "description") is { } description)
        {
            json.WriteString("description", description);
        }

        json.WritePropertyName("parameters");
        ToolSchema.Write(json, tool.TryGetProperty("input_schema", out var schema) ? schema : null);
        // Claude Code's schemas are not written for strict mode (optional properties, no additionalProperties:false).
        json.WriteBoolean("strict", false);
        json.WriteEndObject();
    }

    private static void WriteChoice(Utf8JsonWriter json, JsonElement choice, ToolNameMap names)
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
                json.WriteString("name", names.ToUpstream(name));
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

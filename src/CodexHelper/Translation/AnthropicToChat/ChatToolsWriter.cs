using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>Claude Code's tools as Chat function tools (names shortened to 64 and mapped back later), tool_choice, parallel calls (spec §C.3, §C.4).</summary>
internal static class ChatToolsWriter
{
    public static void Write(Utf8JsonWriter json, JsonElement root, List<JsonElement> tools, ToolNameMap names, DropNotes dropped)
    {
        if (root.TryGetProperty("tools", out var declared) && declared.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in declared.EnumerateArray())
            {
                if (ClaudeTools.ServerType(tool) is { } type)
                {
                    dropped.Add($"tool {ClaudeRequest.String(tool, "name")} ({type}): an Anthropic server tool, no Chat Completions equivalent");
                }
            }
        }

        if (tools.Count == 0)
        {
            return;
        }

        json.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            WriteTool(json, tool, names.ToUpstream(ClaudeRequest.String(tool, "name")!));
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
        json.WriteStartObject("function");
        json.WriteString("name", upstreamName);
        if (ClaudeRequest.String(tool, "description") is { } description)
        {
            json.WriteString("description", description);
        }

        json.WritePropertyName("parameters");
        ToolSchema.Write(json, tool.TryGetProperty("input_schema", out var schema) ? schema : null);
        json.WriteEndObject();
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
                json.WriteStartObject("function");
                json.WriteString("name", names.ToUpstream(name));
                json.WriteEndObject();
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

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
            ClaudeTools.WriteOpenAiChoice(json, choice, names, nestFunction: true);
        }
    }

    private static void WriteTool(Utf8JsonWriter json, JsonElement tool, string upstreamName)
    {
        json.WriteStartObject();
        json.WriteString("type", "function");
        json.WriteStartObject("function");
        ClaudeTools.WriteFunctionFields(json, tool, upstreamName);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}

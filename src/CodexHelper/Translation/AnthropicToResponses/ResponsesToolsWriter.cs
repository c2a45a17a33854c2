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
            ClaudeTools.WriteOpenAiChoice(json, choice, names, nestFunction: false);
        }
    }

    private static void WriteTool(Utf8JsonWriter json, JsonElement tool, string upstreamName)
    {
        json.WriteStartObject();
        json.WriteString("type", "function");
        ClaudeTools.WriteFunctionFields(json, tool, upstreamName);
        // Claude Code's schemas are not written for strict mode (optional properties, no additionalProperties:false).
        json.WriteBoolean("strict", false);
        json.WriteEndObject();
    }
}

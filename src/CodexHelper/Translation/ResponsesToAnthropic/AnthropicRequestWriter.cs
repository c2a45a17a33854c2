using System.Text.Json;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>Writes the Anthropic Messages body for a Responses request (spec E.1).</summary>
internal static class AnthropicRequestWriter
{
    // Effort → thinking budget (spec C.5, CPA's table); Anthropic wants at least 1024.
    private static readonly Dictionary<string, int> Budgets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["minimal"] = 1024, ["low"] = 1024, ["medium"] = 8192, ["high"] = 24576, ["xhigh"] = 32768, ["max"] = 128000,
    };

    public static void Write(Utf8JsonWriter w, JsonElement request, AnthropicMessageBuilder built, List<AnthropicMessage> messages, ResponsesToolSet tools, AnthropicRequestOptions options, List<string> dropped)
    {
        w.WriteStartObject();
        if (ResponsesToolSet.Str(request, "model") is { } model)
        {
            w.WriteString("model"u8, model);
        }

        var maxTokens = request.TryGetProperty("max_output_tokens", out var max) && max.ValueKind == JsonValueKind.Number ? max.GetInt32() : options.DefaultMaxTokens;
        maxTokens = options.MaxTokensCap is { } cap ? Math.Min(maxTokens, cap) : maxTokens;
        w.WriteNumber("max_tokens"u8, maxTokens);
        var thinking = WriteThinking(w, request, maxTokens, options.Reasoning ? ThinkingObstacle(request, messages) : "this upstream is set to \"reasoning\": false", dropped);
        WriteSystem(w, built.System);
        AnthropicBlockWriter.Messages(w, messages);
        w.WriteBoolean("stream"u8, ResponsesRequest.Streams(request));
        if (!thinking)
        {
            // Anthropic rejects sampling settings other than the defaults while thinking.
            foreach (var name in (string[])["temperature", "top_p"])
            {
                if (request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    w.WritePropertyName(name);
                    value.WriteTo(w);
                }
            }
        }

        if (tools.Tools.Count > 0)
        {
            WriteTools(w, tools);
            WriteToolChoice(w, request, tools);
        }

        if (request.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.Object && ResponsesToolSet.Str(text.TryGetProperty("format", out var f) ? f : default, "type") is "json_schema" or "json_object")
        {
            dropped.Add("text.format: structured output has no portable Anthropic form");
        }

        w.WriteEndObject();
    }

    private static bool WriteThinking(Utf8JsonWriter w, JsonElement request, int maxTokens, string? obstacle, List<string> dropped)
    {
        var effort = request.TryGetProperty("reasoning", out var reasoning) ? ResponsesToolSet.Str(reasoning, "effort") : null;
        if (effort is null || !Budgets.TryGetValue(effort, out var budget))
        {
            return false;
        }

        budget = Math.Min(budget, maxTokens - 1024);
        obstacle ??= budget < 1024 ? "max_output_tokens leaves no room to think" : null;
        if (obstacle is not null)
        {
            dropped.Add("reasoning.effort: " + obstacle);
            return false;
        }

        w.WriteStartObject("thinking"u8);
        w.WriteString("type"u8, "enabled"u8);
        w.WriteNumber("budget_tokens"u8, budget);
        w.WriteEndObject();
        return true;
    }

    private static void WriteSystem(Utf8JsonWriter w, List<JsonText> system)
    {
        var texts = system.Where(s => !s.IsEmpty).ToList();
        if (texts.Count == 0)
        {
            return;
        }

        w.WriteStartArray("system"u8);
        for (var i = 0; i < texts.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("type"u8, "text"u8);
            texts[i].Write(w, "text"u8);
            if (i == texts.Count - 1)
            {
                // Anthropic caches only up to explicit breakpoints: the system prompt is the stable prefix.
                AnthropicBlockWriter.CacheControl(w);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTools(Utf8JsonWriter w, ResponsesToolSet tools)
    {
        w.WriteStartArray("tools"u8);
        for (var i = 0; i < tools.Tools.Count; i++)
        {
            var tool = tools.Tools[i];
            w.WriteStartObject();
            w.WriteString("name"u8, tool.UpstreamName);
            tool.WriteDescription(w, skipEmpty: true);
            w.WritePropertyName("input_schema"u8);
            tool.WriteSchema(w);

            if (i == tools.Tools.Count - 1)
            {
                AnthropicBlockWriter.CacheControl(w);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Why Anthropic would reject thinking on this request, or null.</summary>
    private static string? ThinkingObstacle(JsonElement request, List<AnthropicMessage> messages)
    {
        var choice = request.TryGetProperty("tool_choice", out var c) ? c : default;
        if ((choice.ValueKind == JsonValueKind.String && choice.GetString() == "required") || ResponsesToolSet.Str(choice, "type") is "function" or "custom")
        {
            return "Anthropic does not think while a tool is forced";
        }

        // Mid tool loop, a thinking request needs the last assistant turn to open with its signed thinking block.
        var last = messages.FindLast(m => m.Role == "assistant");
        var first = last?.Blocks.FirstOrDefault();
        if (last is not null && last.Blocks.Exists(b => b.Kind == AnthropicBlockKind.ToolUse)
            && first?.Kind is not (AnthropicBlockKind.Thinking or AnthropicBlockKind.RedactedThinking))
        {
            return "the last assistant turn has no signed thinking to continue from";
        }

        return null;
    }

    private static void WriteToolChoice(Utf8JsonWriter w, JsonElement request, ResponsesToolSet tools)
    {
        var choice = request.TryGetProperty("tool_choice", out var c) ? c : default;
        var serial = request.TryGetProperty("parallel_tool_calls", out var p) && p.ValueKind == JsonValueKind.False;
        var text = choice.ValueKind == JsonValueKind.String ? choice.GetString() : null;
        var name = ResponsesToolSet.Str(choice, "type") is "function" or "custom" ? ResponsesToolSet.Str(choice, "name") : null;
        if (choice.ValueKind == JsonValueKind.Undefined && !serial)
        {
            return;
        }

        w.WriteStartObject("tool_choice"u8);
        if (name is not null)
        {
            w.WriteString("type"u8, "tool"u8);
            w.WriteString("name"u8, tools.Names.ToUpstream(name, ResponsesToolSet.Str(choice, "namespace")));
        }
        else
        {
            w.WriteString("type"u8, text switch { "required" => "any", "none" => "none", _ => "auto" });
        }

        if (serial && text != "none")
        {
            w.WriteBoolean("disable_parallel_tool_use"u8, true);
        }

        w.WriteEndObject();
    }
}

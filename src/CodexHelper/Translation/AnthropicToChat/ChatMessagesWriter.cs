using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>
/// System prompt and messages as Chat <c>messages</c> (spec §C.2): the system texts (billing line dropped) as one
/// leading system message; a user turn's tool results first, as <c>tool</c> messages right after the assistant's
/// calls, then its other blocks; an assistant turn's text plus its <c>tool_calls</c>; thinking dropped (its
/// signature is only valid for the provider that issued it); a mid-conversation system message kept in place.
/// </summary>
internal static class ChatMessagesWriter
{
    public static void Write(Utf8JsonWriter json, JsonElement root, ToolNameMap names, DropNotes dropped, ChatUpstreamOptions options)
    {
        json.WriteStartArray("messages");
        var system = ClaudeRequest.SystemTexts(root, dropped);
        if (system.Count > 0)
        {
            WriteText(json, "system", JsonText.Join("\n\n", system));
        }

        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            var content = message.TryGetProperty("content", out var c) ? c : default;
            switch (ClaudeRequest.String(message, "role"))
            {
                case "user":
                    WriteUser(json, content, dropped);
                    break;
                case "assistant":
                    WriteAssistant(json, content, names, dropped, options);
                    break;
                case "system" when ClaudeRequest.RawText(content, "\n\n") is { IsEmpty: false } text:
                    WriteText(json, options.SystemMidConversation ? "system" : "user", text);
                    break;
                case var role and not "system":
                    dropped.Add($"message with role {role ?? "(none)"}: not a Messages role");
                    break;
            }
        }

        json.WriteEndArray();
    }

    private static void WriteText(Utf8JsonWriter json, string role, JsonText text)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        text.Write(json, "content"u8);
        json.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter json, JsonElement content, DropNotes dropped)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteText(json, "user", JsonText.Of(content));
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var parts = new List<ChatPart>();
        foreach (var block in content.EnumerateArray())
        {
            if (ClaudeRequest.String(block, "type") == "tool_result")
            {
                WriteToolResult(json, block, parts);
            }
        }

        foreach (var block in content.EnumerateArray())
        {
            if (ClaudeRequest.String(block, "type") != "tool_result")
            {
                ChatPart.Add(parts, block, dropped);
            }
        }

        ChatPart.WriteMessage(json, "user", parts);
    }

    /// <summary>One <c>tool</c> message per result; images inside it cannot go in a tool message and follow as user content.</summary>
    private static void WriteToolResult(Utf8JsonWriter json, JsonElement block, List<ChatPart> followUp)
    {
        var id = CallIds.ForOpenAi(ClaudeRequest.String(block, "tool_use_id") ?? "");
        var result = block.TryGetProperty("content", out var c) ? c : default;
        var text = ClaudeRequest.RawToolResultText(block);

        json.WriteStartObject();
        json.WriteString("role", "tool");
        json.WriteString("tool_call_id", id);
        text.Write(json, "content"u8);
        json.WriteEndObject();

        if (result.ValueKind == JsonValueKind.Array)
        {
            var images = result.EnumerateArray().Where(b => ClaudeRequest.String(b, "type") == "image").ToList();
            if (images.Count > 0)
            {
                followUp.Add(ChatPart.OfText($"Images returned by tool call {id}:"));
                foreach (var image in images)
                {
                    ChatPart.Add(followUp, image, new DropNotes());
                }
            }
        }
    }

    private static void WriteAssistant(Utf8JsonWriter json, JsonElement content, ToolNameMap names, DropNotes dropped, ChatUpstreamOptions options)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteText(json, "assistant", JsonText.Of(content));
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var (texts, calls, reasoning) = Collect(content, dropped, options);
        if (texts.Count == 0 && calls.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("role", "assistant");
        if (texts.Count > 0)
        {
            JsonText.Join("\n\n", texts).Write(json, "content"u8);
        }
        else if (options.NullToolCallContent)
        {
            json.WriteNull("content");
        }
        else
        {
            json.WriteString("content", "");
        }

        if (options.ReplayReasoning)
        {
            json.WriteString("reasoning_content", string.Join("\n\n", reasoning.Where(r => r.Length > 0)));
        }

        WriteCalls(json, calls, names);
        json.WriteEndObject();
    }

    /// <summary>An assistant turn's texts, tool calls and (when replayed) thinking texts, in order.</summary>
    private static (List<JsonText> Texts, List<JsonElement> Calls, List<string> Reasoning) Collect(JsonElement content, DropNotes dropped, ChatUpstreamOptions options)
    {
        var texts = new List<JsonText>();
        var calls = new List<JsonElement>();
        var reasoning = new List<string>();
        foreach (var block in content.EnumerateArray())
        {
            switch (ClaudeRequest.String(block, "type"))
            {
                case "text" when RawJson.String(block, "text") is { } text && !RawJson.IsBlank(text):
                    texts.Add(JsonText.Of(text));
                    break;
                case "tool_use":
                    calls.Add(block);
                    break;
                case "thinking" when options.ReplayReasoning:
                    reasoning.Add(ClaudeRequest.String(block, "thinking") ?? "");
                    break;
                case "thinking" or "redacted_thinking":
                    dropped.Add("thinking blocks of earlier turns: their signatures are only valid for the provider that issued them, and Chat has no signed reasoning to replay");
                    break;
                case "text":
                    break;
                case var type:
                    dropped.Add($"assistant {type ?? "untyped"} block: no Chat Completions equivalent");
                    break;
            }
        }

        return (texts, calls, reasoning);
    }

    private static void WriteCalls(Utf8JsonWriter json, List<JsonElement> calls, ToolNameMap names)
    {
        if (calls.Count == 0)
        {
            return;
        }

        json.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            json.WriteStartObject();
            json.WriteString("id", CallIds.ForOpenAi(ClaudeRequest.String(call, "id") ?? ""));
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", names.ToUpstream(ClaudeRequest.String(call, "name") ?? ""));
            json.WriteString("arguments", call.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object ? RawJson.Of(input) : "{}"u8);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

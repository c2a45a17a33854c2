using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>
/// Claude Code's messages as Responses <c>input</c> items (spec §E.2): user content as <c>message</c> items
/// (input_text / input_image / input_file), tool results as <c>function_call_output</c>, assistant text as
/// <c>output_text</c> messages and tool_use as <c>function_call</c> items in their order, a mid-conversation system
/// message as a <c>developer</c> message. A thinking block goes back as a <c>reasoning</c> item only when its
/// signature is this kind of upstream's own <c>encrypted_content</c>; any other is dropped (it would be rejected).
/// </summary>
internal static class ResponsesInputWriter
{
    // OpenAI's encrypted reasoning is a Fernet token: its version byte 0x80 and zero timestamp bytes encode as "gAAAAA".
    private const string EncryptedReasoningPrefix = "gAAAAA";

    public static void Write(Utf8JsonWriter json, JsonElement root, ToolNameMap names, DropNotes dropped)
    {
        json.WriteStartArray("input");
        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            var content = message.TryGetProperty("content", out var c) ? c : default;
            switch (ClaudeRequest.String(message, "role"))
            {
                case "user":
                    WriteUser(json, content, dropped);
                    break;
                case "assistant":
                    WriteAssistant(json, content, names, dropped);
                    break;
                case "system" when ClaudeRequest.Text(content, "\n\n") is { Length: > 0 } text:
                    ResponsesPart.WriteMessage(json, "developer", [ResponsesPart.OfText(text)]);
                    break;
                case var role and not "system":
                    dropped.Add($"message with role {role ?? "(none)"}: not a Messages role");
                    break;
            }
        }

        json.WriteEndArray();
    }

    private static void WriteUser(Utf8JsonWriter json, JsonElement content, DropNotes dropped)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            ResponsesPart.WriteMessage(json, "user", [ResponsesPart.OfText(content.GetString() ?? "")]);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var parts = new List<ResponsesPart>();
        foreach (var block in content.EnumerateArray())
        {
            if (ClaudeRequest.String(block, "type") == "tool_result")
            {
                WriteToolResult(json, block);
            }
            else
            {
                ResponsesPart.Add(parts, block, dropped);
            }
        }

        ResponsesPart.WriteMessage(json, "user", parts);
    }

    private static void WriteToolResult(Utf8JsonWriter json, JsonElement block)
    {
        var result = block.TryGetProperty("content", out var c) ? c : default;
        var text = ClaudeRequest.ToolResultText(block);

        json.WriteStartObject();
        json.WriteString("type", "function_call_output");
        json.WriteString("call_id", CallIds.ForOpenAi(ClaudeRequest.String(block, "tool_use_id") ?? ""));
        var images = new List<ResponsesPart>();
        if (result.ValueKind == JsonValueKind.Array)
        {
            foreach (var image in result.EnumerateArray().Where(b => ClaudeRequest.String(b, "type") == "image"))
            {
                ResponsesPart.Add(images, image, new DropNotes());
            }
        }

        if (images.Count == 0)
        {
            json.WriteString("output", text);
        }
        else
        {
            json.WriteStartArray("output");
            ResponsesPart.OfText(text).Write(json);
            images.ForEach(image => image.Write(json));
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteAssistant(Utf8JsonWriter json, JsonElement content, ToolNameMap names, DropNotes dropped)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            ResponsesPart.WriteMessage(json, "assistant", [ResponsesPart.OfText(content.GetString() ?? "", "output_text")]);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var texts = new List<ResponsesPart>();
        foreach (var block in content.EnumerateArray())
        {
            switch (ClaudeRequest.String(block, "type"))
            {
                case "text" when ClaudeRequest.String(block, "text") is { } text && !string.IsNullOrWhiteSpace(text):
                    texts.Add(ResponsesPart.OfText(text, "output_text"));
                    break;
                case "tool_use":
                    Flush(json, texts);
                    WriteCall(json, block, names);
                    break;
                case "thinking" when ClaudeRequest.String(block, "signature") is { } signature && signature.StartsWith(EncryptedReasoningPrefix, StringComparison.Ordinal):
                    Flush(json, texts);
                    WriteReasoning(json, ClaudeRequest.String(block, "thinking") ?? "", signature);
                    break;
                case "thinking" or "redacted_thinking":
                    dropped.Add("thinking blocks not signed by a Responses upstream: their signatures are only valid for the provider that issued them");
                    break;
                case "text":
                    break;
                case var type:
                    dropped.Add($"assistant {type ?? "untyped"} block: no Responses equivalent");
                    break;
            }
        }

        Flush(json, texts);
    }

    private static void Flush(Utf8JsonWriter json, List<ResponsesPart> texts)
    {
        ResponsesPart.WriteMessage(json, "assistant", texts);
        texts.Clear();
    }

    private static void WriteCall(Utf8JsonWriter json, JsonElement block, ToolNameMap names)
    {
        json.WriteStartObject();
        json.WriteString("type", "function_call");
        json.WriteString("call_id", CallIds.ForOpenAi(ClaudeRequest.String(block, "id") ?? ""));
        json.WriteString("name", names.ToUpstream(ClaudeRequest.String(block, "name") ?? ""));
        json.WriteString("arguments", block.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object ? input.GetRawText() : "{}");
        json.WriteEndObject();
    }

    private static void WriteReasoning(Utf8JsonWriter json, string thinking, string encrypted)
    {
        json.WriteStartObject();
        json.WriteString("type", "reasoning");
        json.WriteStartArray("summary");
        if (thinking.Length > 0)
        {
            json.WriteStartObject();
            json.WriteString("type", "summary_text");
            json.WriteString("text", thinking);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("encrypted_content", encrypted);
        json.WriteEndObject();
    }
}

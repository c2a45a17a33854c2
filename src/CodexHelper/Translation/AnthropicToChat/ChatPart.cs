using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>
/// One part of a Chat user message: text, an image (<c>image_url</c>, base64 sources as data URLs) or a PDF
/// (<c>file</c> with a data URL). Text-only content is sent as one string, which every relay accepts.
/// </summary>
internal sealed record ChatPart(string Type, JsonText Value, string? FileName = null)
{
    public static ChatPart OfText(string text) => new("text", JsonText.Of(text));

    public static ChatPart OfText(JsonText text) => new("text", text);

    public static void Add(List<ChatPart> parts, JsonElement block, DropNotes dropped)
    {
        var type = ClaudeRequest.String(block, "type");
        var source = block.TryGetProperty("source", out var s) ? s : default;
        switch (type)
        {
            case "text" when RawJson.String(block, "text") is { } text && !RawJson.IsBlank(text):
                parts.Add(OfText(JsonText.Of(text)));
                break;
            case "text":
                break;
            case "image" when ClaudeRequest.RawSourceUrl(source) is { } url:
                parts.Add(new ChatPart("image_url", url));
                break;
            case "document":
                AddDocument(parts, block, source, dropped);
                break;
            case "thinking" or "redacted_thinking":
                dropped.Add("thinking blocks of earlier turns: their signatures are only valid for the provider that issued them, and Chat has no signed reasoning to replay");
                break;
            default:
                dropped.Add($"user {type ?? "untyped"} block{(type == "image" ? " with a file source" : "")}: no Chat Completions equivalent");
                break;
        }
    }

    public static void WriteMessage(Utf8JsonWriter json, string role, List<ChatPart> parts)
    {
        if (parts.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("role", role);
        if (parts.TrueForAll(p => p.Type == "text"))
        {
            JsonText.Join("\n\n", parts.Select(p => p.Value)).Write(json, "content"u8);
        }
        else
        {
            json.WriteStartArray("content");
            foreach (var part in parts)
            {
                part.Write(json);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void AddDocument(List<ChatPart> parts, JsonElement block, JsonElement source, DropNotes dropped)
    {
        var title = ClaudeRequest.String(block, "title");
        switch (ClaudeRequest.String(source, "type"))
        {
            case "text":
                parts.Add(OfText(title is null ? ClaudeRequest.String(source, "data") ?? "" : title + "\n\n" + ClaudeRequest.String(source, "data")));
                break;
            case "content" when source.TryGetProperty("content", out var content):
                parts.Add(OfText(title is null ? ClaudeRequest.RawText(content) : JsonText.Of(title + "\n\n").Add(ClaudeRequest.RawText(content))));
                break;
            case "base64" when ClaudeRequest.String(source, "media_type") == "application/pdf":
                parts.Add(new ChatPart("file", ClaudeRequest.RawSourceUrl(source)!, title ?? "document.pdf"));
                break;
            default:
                dropped.Add("document block with a url or file source: Chat Completions cannot fetch it");
                break;
        }
    }

    private void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type", Type);
        switch (Type)
        {
            case "image_url":
                json.WriteStartObject("image_url");
                Value.Write(json, "url"u8);
                json.WriteEndObject();
                break;
            case "file":
                json.WriteStartObject("file");
                json.WriteString("filename", FileName);
                Value.Write(json, "file_data"u8);
                json.WriteEndObject();
                break;
            default:
                Value.Write(json, "text"u8);
                break;
        }

        json.WriteEndObject();
    }
}

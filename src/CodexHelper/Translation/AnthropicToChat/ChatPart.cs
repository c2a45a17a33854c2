using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>
/// One part of a Chat user message: text, an image (<c>image_url</c>, base64 sources as data URLs) or a PDF
/// (<c>file</c> with a data URL). Text-only content is sent as one string, which every relay accepts.
/// </summary>
internal sealed record ChatPart(string Type, string Value, string? FileName = null)
{
    public static ChatPart OfText(string text) => new("text", text);

    public static void Add(List<ChatPart> parts, JsonElement block, DropNotes dropped)
    {
        var type = ClaudeRequest.String(block, "type");
        var source = block.TryGetProperty("source", out var s) ? s : default;
        switch (type)
        {
            case "text" when ClaudeRequest.String(block, "text") is { } text && !string.IsNullOrWhiteSpace(text):
                parts.Add(OfText(text));
                break;
            case "text":
                break;
            case "image" when Url(source) is { } url:
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
            json.WriteString("content", string.Join("\n\n", parts.Select(p => p.Value)));
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

    /// <summary>An image or document source as a URL: <c>url</c> as it is, <c>base64</c> as a data URL; null for a Files API id.</summary>
    public static string? Url(JsonElement source) => ClaudeRequest.String(source, "type") switch
    {
        "base64" => $"data:{ClaudeRequest.String(source, "media_type") ?? "application/octet-stream"};base64,{ClaudeRequest.String(source, "data")}",
        "url" => ClaudeRequest.String(source, "url"),
        _ => null,
    };

    private static void AddDocument(List<ChatPart> parts, JsonElement block, JsonElement source, DropNotes dropped)
    {
        var title = ClaudeRequest.String(block, "title");
        switch (ClaudeRequest.String(source, "type"))
        {
            case "text":
                parts.Add(OfText(title is null ? ClaudeRequest.String(source, "data") ?? "" : title + "\n\n" + ClaudeRequest.String(source, "data")));
                break;
            case "content" when source.TryGetProperty("content", out var content):
                parts.Add(OfText(title is null ? ClaudeRequest.Text(content) : title + "\n\n" + ClaudeRequest.Text(content)));
                break;
            case "base64" when ClaudeRequest.String(source, "media_type") == "application/pdf":
                parts.Add(new ChatPart("file", Url(source)!, title ?? "document.pdf"));
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
                json.WriteString("url", Value);
                json.WriteEndObject();
                break;
            case "file":
                json.WriteStartObject("file");
                json.WriteString("filename", FileName);
                json.WriteString("file_data", Value);
                json.WriteEndObject();
                break;
            default:
                json.WriteString("text", Value);
                break;
        }

        json.WriteEndObject();
    }
}

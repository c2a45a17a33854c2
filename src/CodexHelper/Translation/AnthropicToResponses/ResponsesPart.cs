using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>One content part of a Responses message: <c>input_text</c>/<c>output_text</c>, <c>input_image</c> (data URL or URL), <c>input_file</c> (a PDF as a data URL).</summary>
internal sealed record ResponsesPart(string Type, string Value, string? FileName = null)
{
    public static ResponsesPart OfText(string text, string type = "input_text") => new(type, text);

    public static void Add(List<ResponsesPart> parts, JsonElement block, DropNotes dropped)
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
            case "image" when ClaudeRequest.SourceUrl(source) is { } url:
                parts.Add(new ResponsesPart("input_image", url));
                break;
            case "document":
                AddDocument(parts, block, source, dropped);
                break;
            default:
                dropped.Add($"user {type ?? "untyped"} block{(type == "image" ? " with a file source" : "")}: no Responses equivalent");
                break;
        }
    }

    public static void WriteMessage(Utf8JsonWriter json, string role, List<ResponsesPart> parts)
    {
        if (parts.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("type", "message");
        json.WriteString("role", role);
        json.WriteStartArray("content");
        foreach (var part in parts)
        {
            part.Write(json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type", Type == "input_file_url" ? "input_file" : Type);
        switch (Type)
        {
            case "input_image":
                json.WriteString("image_url", Value);
                break;
            case "input_file_url":
                json.WriteString("file_url", Value);
                break;
            case "input_file":
                json.WriteString("filename", FileName);
                json.WriteString("file_data", Value);
                break;
            default:
                json.WriteString("text", Value);
                break;
        }

        json.WriteEndObject();
    }

    private static void AddDocument(List<ResponsesPart> parts, JsonElement block, JsonElement source, DropNotes dropped)
    {
        var title = ClaudeRequest.String(block, "title");
        var prefix = title is null ? "" : title + "\n\n";
        switch (ClaudeRequest.String(source, "type"))
        {
            case "text":
                parts.Add(OfText(prefix + ClaudeRequest.String(source, "data")));
                break;
            case "content" when source.TryGetProperty("content", out var content):
                parts.Add(OfText(prefix + ClaudeRequest.Text(content)));
                break;
            case "base64" when ClaudeRequest.String(source, "media_type") == "application/pdf":
                parts.Add(new ResponsesPart("input_file", ClaudeRequest.SourceUrl(source)!, title ?? "document.pdf"));
                break;
            case "url" when ClaudeRequest.String(source, "url") is { } url:
                parts.Add(new ResponsesPart("input_file_url", url));
                break;
            default:
                dropped.Add("document block with a file source: Responses cannot read it here");
                break;
        }
    }
}

using System.Text;
using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>Reading the parts of Responses input items every upstream mapping needs.</summary>
internal static class ResponsesInput
{
    /// <summary>The text of a content value: a string, or the <c>*_text</c> parts of an array joined.</summary>
    public static string Text(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            var piece = part.ValueKind == JsonValueKind.String ? part.GetString() : ResponsesToolSet.Str(part, "text");
            if (piece is not null)
            {
                text.Append(text.Length > 0 ? "\n" : "").Append(piece);
            }
        }

        return text.ToString();
    }

    /// <summary>As <see cref="Text"/>, the client's strings kept as they came.</summary>
    public static JsonText RawText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return JsonText.Of(content);
        }

        var text = new JsonText();
        if (content.ValueKind != JsonValueKind.Array)
        {
            return text;
        }

        foreach (var part in content.EnumerateArray())
        {
            var piece = part.ValueKind == JsonValueKind.String ? part : RawJson.String(part, "text");
            if (piece is { } value)
            {
                // As Text: the separator only after text (an empty first piece adds none).
                if (!text.IsEmpty)
                {
                    text.Add("\n");
                }

                text.Add(value);
            }
        }

        return text;
    }

    /// <summary>As <see cref="Output"/>, the client's strings kept as they came.</summary>
    public static JsonText RawOutput(JsonElement item) =>
        item.TryGetProperty("output", out var output) ? RawText(output) : JsonText.Empty;

    /// <summary>A reasoning item's visible text: its summary, else its raw content.</summary>
    public static string Reasoning(JsonElement item)
    {
        var summary = item.TryGetProperty("summary", out var s) ? Text(s) : "";
        if (summary.Length > 0)
        {
            return summary;
        }

        return item.TryGetProperty("content", out var c) ? Text(c) : "";
    }

    /// <summary>The output of a tool call: the string, or the text parts of an array.</summary>
    public static string Output(JsonElement item) =>
        item.TryGetProperty("output", out var output) ? Text(output) : "";

    /// <summary>The image URLs (or data URLs) in a tool call's array output.</summary>
    public static IEnumerable<string> OutputImages(JsonElement item)
    {
        if (!item.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var part in output.EnumerateArray())
        {
            if (ResponsesToolSet.Str(part, "type") == "input_image" && ImageUrl(part) is { } url)
            {
                yield return url;
            }
        }
    }

    /// <summary>An <c>input_image</c>'s URL (<c>image_url</c> as a string or as <c>{url}</c>).</summary>
    public static string? ImageUrl(JsonElement part)
    {
        if (!part.TryGetProperty("image_url", out var url))
        {
            return null;
        }

        return url.ValueKind == JsonValueKind.String ? url.GetString() : ResponsesToolSet.Str(url, "url");
    }
}

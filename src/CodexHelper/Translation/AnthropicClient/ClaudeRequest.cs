using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>The parts of a Claude Code (Anthropic Messages) request every upstream protocol reads the same way.</summary>
internal static class ClaudeRequest
{
    // Claude Code's first system block: per-request attribution that means nothing elsewhere and defeats prefix caching.
    private const string BillingLine = "x-anthropic-billing-header:";

    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new TranslationException("request body is not JSON: " + ex.Message);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new TranslationException("request body is not a JSON object");
        }

        if (!document.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            throw new TranslationException("request has no messages array");
        }

        return document;
    }

    public static string Model(JsonElement root) => String(root, "model") ?? "";

    public static bool Streams(JsonElement root) => root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static bool IsBillingLine(string text) => text.AsSpan().TrimStart().StartsWith(BillingLine, StringComparison.OrdinalIgnoreCase);

    /// <summary>The same for a client string; only a short one (as the billing block is) is decoded to look.</summary>
    public static bool IsBillingLine(JsonElement text) => RawJson.Of(text).Length <= 512 && IsBillingLine(text.GetString() ?? "");

    /// <summary>The system prompt's texts (a string or text blocks), without the billing line, as the client's strings.</summary>
    public static List<JsonText> SystemTexts(JsonElement root, DropNotes dropped)
    {
        var texts = new List<JsonText>();
        if (!root.TryGetProperty("system", out var system))
        {
            return texts;
        }

        if (system.ValueKind == JsonValueKind.String)
        {
            AddSystemText(texts, system, dropped);
        }
        else if (system.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in system.EnumerateArray())
            {
                AddSystemText(texts, block.ValueKind == JsonValueKind.String ? block : RawJson.String(block, "text"), dropped);
            }
        }

        return texts;
    }

    private static void AddSystemText(List<JsonText> texts, JsonElement? text, DropNotes dropped)
    {
        if (text is not { } value || RawJson.IsBlank(value))
        {
            return;
        }

        if (IsBillingLine(value))
        {
            dropped.Add("system billing line (x-anthropic-billing-header): Claude Code's per-request attribution, meaningless to this upstream");
            return;
        }

        texts.Add(JsonText.Of(value));
    }

    /// <summary>As <see cref="Text"/>, the client's strings kept as they came.</summary>
    public static JsonText RawText(JsonElement content, string separator = "\n")
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return JsonText.Of(content);
        }

        var texts = new List<JsonText>();
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                var text = block.ValueKind == JsonValueKind.String ? block : RawJson.String(block, "text");
                if (text is { } value && RawJson.Of(value).Length > 2)
                {
                    texts.Add(JsonText.Of(value));
                }
            }
        }

        return JsonText.Join(separator, texts);
    }

    /// <summary>As <see cref="ToolResultText"/>, the client's strings kept as they came.</summary>
    public static JsonText RawToolResultText(JsonElement block)
    {
        var text = RawText(block.TryGetProperty("content", out var content) ? content : default);
        return block.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True ? JsonText.Of("Error: ").Add(text) : text;
    }

    /// <summary>As <see cref="SourceUrl"/>, a base64 source's data kept as it came.</summary>
    public static JsonText? RawSourceUrl(JsonElement source) => String(source, "type") switch
    {
        "base64" => JsonText.Of($"data:{String(source, "media_type") ?? "application/octet-stream"};base64,").Add(RawJson.String(source, "data") ?? default),
        "url" when RawJson.String(source, "url") is { } url => JsonText.Of(url),
        _ => null,
    };

    /// <summary>The texts of a block list (or the string) joined: a tool result's content, a system message's content.</summary>
    public static string Text(JsonElement content, string separator = "\n")
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var texts = new List<string>();
        foreach (var block in content.EnumerateArray())
        {
            var text = block.ValueKind == JsonValueKind.String ? block.GetString() : String(block, "text");
            if (!string.IsNullOrEmpty(text))
            {
                texts.Add(text);
            }
        }

        return string.Join(separator, texts);
    }

    /// <summary>An image or document source as a URL: <c>url</c> as it is, <c>base64</c> as a data URL; null for a Files API id.</summary>
    /// <summary>
    /// A <c>tool_result</c> block's content as text. A failed call's text starts with "Error: ": the OpenAI-family
    /// protocols have no error flag on a call's output, and the model must still see that the call failed.
    /// </summary>
    public static string ToolResultText(JsonElement block)
    {
        var text = Text(block.TryGetProperty("content", out var content) ? content : default);
        return block.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True ? "Error: " + text : text;
    }

    public static string? SourceUrl(JsonElement source) => String(source, "type") switch
    {
        "base64" => $"data:{String(source, "media_type") ?? "application/octet-stream"};base64,{String(source, "data")}",
        "url" => String(source, "url"),
        _ => null,
    };

    /// <summary>
    /// <c>metadata.user_id</c> as an OpenAI <c>user</c> (at most 64 characters): as it is when short, else a hash of
    /// it (Claude Code's is a JSON string of device, account and session ids, far longer and not for a third party).
    /// </summary>
    public static string? UserId(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || String(metadata, "user_id") is not { Length: > 0 } user)
        {
            return null;
        }

        return user.Length <= 64 ? user : "user_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..40];
    }
}

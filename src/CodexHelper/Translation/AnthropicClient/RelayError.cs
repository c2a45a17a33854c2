using System.Text;
using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// What an OpenAI-family relay said when it failed: its message (kept verbatim, the user needs it), and its
/// <c>code</c> / <c>type</c> when it gave them. Reads <c>{"error":{message,code,type}}</c>, <c>{"error":"…"}</c>,
/// <c>{"message":"…"}</c>, <c>{"detail":"…"}</c>, or a body that is not JSON at all (an HTML 502 page, plain text).
/// </summary>
internal readonly record struct RelayError(string Message, string? Code, string? Type)
{
    // Enough for any real message; a whole HTML page is not one.
    private const int MaxText = 2000;

    public static RelayError Read(ReadOnlySpan<byte> body, int status)
    {
        var fromJson = FromJson(body);
        if (fromJson is { } error && error.Message.Length > 0)
        {
            return error;
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length == 0)
        {
            return new RelayError($"upstream answered HTTP {status} with an empty body", fromJson?.Code, fromJson?.Type);
        }

        return new RelayError(text.Length > MaxText ? text[..MaxText] + "…" : text, fromJson?.Code, fromJson?.Type);
    }

    private static RelayError? FromJson(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed.ToArray());
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                return error.ValueKind switch
                {
                    JsonValueKind.Object => new RelayError(Text(error, "message") ?? "", Text(error, "code"), Text(error, "type")),
                    JsonValueKind.String => new RelayError(error.GetString() ?? "", Text(root, "code"), Text(root, "type")),
                    _ => new RelayError(Text(root, "message") ?? "", null, null),
                };
            }

            return new RelayError(Text(root, "message") ?? Text(root, "detail") ?? "", Text(root, "code"), Text(root, "type"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string property, or a number's text (some relays send numeric codes).</summary>
    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}

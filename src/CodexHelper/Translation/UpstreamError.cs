using System.Text;
using System.Text.Json;

namespace CodexHelper.Translation;

/// <summary>
/// What an upstream's error answer says, whatever its protocol: OpenAI and Anthropic both nest
/// <c>error.message</c>/<c>error.type</c>/<c>error.code</c>; some relays send a top-level <c>message</c> or
/// <c>detail</c>, or a string <c>error</c>; a non-JSON body (a proxy's HTML 502) is kept as its text.
/// Both client sides read errors with it; they differ only in how a non-JSON body is worded.
/// </summary>
internal readonly record struct UpstreamError(string Message, string? Type, string? Code)
{
    // The relay's words matter to the user; a whole HTML page does not.
    private const int MaxText = 2000;

    public static UpstreamError Parse(int status, ReadOnlySpan<byte> body)
    {
        if (TryParseJson(body, out var parsed) && parsed.Message.Length > 0)
        {
            return parsed;
        }

        var text = Encoding.UTF8.GetString(body.Length > MaxText ? body[..MaxText] : body).Trim();
        var message = text.Length == 0 ? $"upstream answered HTTP {status} with an empty body" : $"upstream answered HTTP {status}: {text}";
        return new UpstreamError(message, parsed.Type, parsed.Code);
    }

    /// <summary>
    /// As <see cref="Parse"/>, but a non-JSON body is the message itself (cut at a readable length): Claude Code
    /// shows the relay's words as they came.
    /// </summary>
    public static UpstreamError ParseVerbatim(int status, ReadOnlySpan<byte> body)
    {
        if (TryParseJson(body, out var parsed) && parsed.Message.Length > 0)
        {
            return parsed;
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        var message = text.Length == 0 ? $"upstream answered HTTP {status} with an empty body"
            : text.Length > MaxText ? text[..MaxText] + "…"
            : text;
        return parsed with { Message = message };
    }

    private static bool TryParseJson(ReadOnlySpan<byte> body, out UpstreamError error)
    {
        error = new UpstreamError("", null, null);
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            error = ReadObject(ref reader, error);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static UpstreamError ReadObject(ref Utf8JsonReader reader, UpstreamError found)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isError = reader.ValueTextEquals("error"u8);
            var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("detail"u8) || reader.ValueTextEquals("msg"u8);
            var isType = reader.ValueTextEquals("type"u8);
            var isCode = reader.ValueTextEquals("code"u8);
            reader.Read();
            if (isError && reader.TokenType == JsonTokenType.StartObject)
            {
                found = ReadObject(ref reader, found);
            }
            else if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
            {
                var value = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : Encoding.UTF8.GetString(reader.ValueSpan);
                found = isError || (isMessage && found.Message.Length == 0) ? found with { Message = value }
                    : isType && value != "error" ? found with { Type = value }
                    : isCode ? found with { Code = value }
                    : found;
            }
            else
            {
                reader.Skip();
            }
        }

        return found;
    }
}

using System.Runtime.InteropServices;
using System.Text.Json;

namespace CodexHelper.Translation;

/// <summary>
/// Copies a value of the client's body into the upstream's as the bytes it came in: no decoding to UTF-16, no
/// re-escaping (most of a request is long prompts and tool schemas the mapping does not change). The document was
/// parsed from those bytes, so they are valid JSON.
/// </summary>
internal static class RawJson
{
    public static ReadOnlySpan<byte> Of(JsonElement value) => JsonMarshal.GetRawUtf8Value(value);

    public static void WriteValue(Utf8JsonWriter w, JsonElement value) => w.WriteRawValue(Of(value), skipInputValidation: true);

    public static void Write(Utf8JsonWriter w, ReadOnlySpan<byte> property, JsonElement value)
    {
        w.WritePropertyName(property);
        WriteValue(w, value);
    }

    /// <summary>A string property's value as a raw string, or null when it is absent or not a string.</summary>
    public static JsonElement? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value
            : null;

    /// <summary>
    /// Whether a string value is empty or only white space, read from its raw bytes: the first byte that is no
    /// space and no escaped <c>\n \r \t</c> decides; only a value that begins with another escape or non-ASCII is decoded.
    /// </summary>
    public static bool IsBlank(JsonElement value)
    {
        var raw = Of(value);
        var inner = raw[1..^1];
        for (var i = 0; i < inner.Length; i++)
        {
            switch (inner[i])
            {
                case (byte)' ':
                    continue;
                case (byte)'\\' when i + 1 < inner.Length && inner[i + 1] is (byte)'n' or (byte)'r' or (byte)'t':
                    i++;
                    continue;
                case (byte)'\\' or >= 0x80:
                    return string.IsNullOrWhiteSpace(value.GetString());
                default:
                    return false;
            }
        }

        return true;
    }
}

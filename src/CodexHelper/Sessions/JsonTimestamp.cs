using System.Globalization;
using System.Text.Json;

namespace CodexHelper.Sessions;

/// <summary>ISO-8601 timestamps as both clients write them, read straight from the JSON token or element.</summary>
internal static class JsonTimestamp
{
    public static DateTimeOffset? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        return reader.TryGetDateTimeOffset(out var value) ? value.ToUniversalTime() : Parse(reader.GetString());
    }

    public static DateTimeOffset? Read(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.TryGetDateTimeOffset(out var parsed) ? parsed.ToUniversalTime() : Parse(value.GetString())
            : null;

    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}

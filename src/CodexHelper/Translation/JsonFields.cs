using System.Text.Json;

namespace CodexHelper.Translation;

/// <summary>
/// The steps every stream-event reader takes with a <see cref="Utf8JsonReader"/> positioned on a property name:
/// move to the next property, skip a value, enter an object value, read a whole number.
/// </summary>
internal static class JsonFields
{
    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Reads a property's value; true when it is an object (then walk it with <see cref="NextProperty"/>).</summary>
    public static bool StartObject(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>
    /// A property's value as a whole number (a fractional one truncated, as some relays send counts as 12.0);
    /// 0 when it is not a number, which is then skipped.
    /// </summary>
    public static long ReadLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out var whole) ? whole : (long)reader.GetDouble();
        }

        reader.Skip();
        return 0;
    }
}

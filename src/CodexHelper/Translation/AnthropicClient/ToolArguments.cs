using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// A tool call's arguments as the upstream wrote them (a JSON text) made into what Anthropic requires of a
/// tool_use <c>input</c>: an object. Anything else (empty, broken, an array) becomes <c>{}</c>.
/// </summary>
internal static class ToolArguments
{
    public static bool IsObject(ReadOnlySpan<byte> arguments)
    {
        if (arguments.IsEmpty)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(arguments);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static void WriteObject(Utf8JsonWriter json, ReadOnlySpan<byte> arguments)
    {
        if (IsObject(arguments))
        {
            json.WriteRawValue(arguments, skipInputValidation: true);
        }
        else
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }
    }

    /// <summary>The arguments to stream as one <c>input_json_delta</c>: as they are when an object, else <c>{}</c>.</summary>
    public static ReadOnlySpan<byte> AsObjectText(ReadOnlySpan<byte> arguments) => IsObject(arguments) ? arguments : "{}"u8;
}

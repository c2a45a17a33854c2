using System.Text;
using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>
/// A custom (freeform) tool travels to a function-only upstream as a function with one string argument; its
/// call's arguments come back as <c>{"input": "…"}</c> and the client wants the raw text.
/// </summary>
internal static class CustomToolInput
{
    /// <summary>The <c>input</c> string (or the only string property, for relays that renamed it); else the arguments as they are.</summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> arguments)
    {
        try
        {
            var reader = new Utf8JsonReader(arguments);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                string? input = null, only = null;
                var strings = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isInput = reader.ValueTextEquals("input"u8);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        strings++;
                        only = reader.GetString();
                        input = isInput ? only : input;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                var text = input ?? (strings == 1 ? only : null);
                if (text is not null)
                {
                    return Encoding.UTF8.GetBytes(text);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: the model sent the raw text itself, which is what the client wants.
        }

        return arguments.ToArray();
    }

    /// <summary>A custom tool's description for an upstream that can only call functions: the grammar cannot travel, so say how to pass the text.</summary>
    public static string Describe(string? description) =>
        (string.IsNullOrWhiteSpace(description) ? "" : description.TrimEnd() + "\n\n")
        + "Pass the complete raw text (for apply_patch: the whole patch) as the single string argument `input`.";

    /// <summary>The JSON schema of the one-string-argument function a custom tool becomes.</summary>
    public static void WriteSchema(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, "object"u8);
        w.WriteStartObject("properties"u8);
        w.WriteStartObject("input"u8);
        w.WriteString("type"u8, "string"u8);
        w.WriteString("description"u8, "The raw text the tool takes, unescaped, not wrapped in JSON."u8);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("required"u8);
        w.WriteStringValue("input"u8);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The arguments a past custom call is replayed with: <c>{"input": raw}</c>.</summary>
    public static string Wrap(string input)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("input"u8, input);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

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
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodexHelper.ModelMapping;

/// <summary>
/// Where the top-level <c>model</c> string of a JSON request body sits, byte for byte, so that mapping can
/// replace exactly that value and leave every other byte (whitespace, key order, escapes) as the client sent it.
/// </summary>
internal readonly record struct ModelField(int Start, int Length, string Value)
{
    /// <summary>The top-level <c>model</c> string (its quotes included in the range), or null when there is none.</summary>
    public static ModelField? Locate(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isModel = reader.ValueTextEquals("model"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isModel)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return null;
                    }

                    var start = (int)reader.TokenStartIndex;
                    return new ModelField(start, (int)reader.BytesConsumed - start, reader.GetString()!);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>The JSON string token (quotes included) for <paramref name="model"/>.</summary>
    public static byte[] Token(string model)
    {
        var encoded = JsonEncodedText.Encode(model, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var token = new byte[encoded.Length + 2];
        token[0] = (byte)'"';
        encoded.CopyTo(token.AsSpan(1));
        token[^1] = (byte)'"';
        return token;
    }

    /// <summary>Length of <paramref name="body"/> once this field's token is replaced by <paramref name="token"/>.</summary>
    public int RewrittenLength(int bodyLength, ReadOnlySpan<byte> token) => bodyLength - Length + token.Length;

    /// <summary>Writes <paramref name="body"/> with this field's token replaced by <paramref name="token"/>; returns the bytes written.</summary>
    public int Rewrite(ReadOnlySpan<byte> body, ReadOnlySpan<byte> token, Span<byte> destination)
    {
        body[..Start].CopyTo(destination);
        token.CopyTo(destination[Start..]);
        var rest = body[(Start + Length)..];
        rest.CopyTo(destination[(Start + token.Length)..]);
        return Start + token.Length + rest.Length;
    }
}

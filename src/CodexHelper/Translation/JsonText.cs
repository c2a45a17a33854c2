using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodexHelper.Translation;

/// <summary>
/// A text the mapping joins from the client's strings (kept as the escaped bytes they came in) and its own
/// literals, written as one JSON string without decoding anything: the escaped forms of two strings, put one after
/// the other, are the escaped form of the two joined.
/// </summary>
internal sealed class JsonText
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // A piece is a client string (Literal null) or a literal of the mapping's.
    private readonly List<(JsonElement Client, string? Literal)> _pieces = [];

    public static JsonText Empty => new();

    /// <summary>Whether no piece has any text.</summary>
    public bool IsEmpty => _pieces.TrueForAll(p => p.Literal is null ? RawJson.Of(p.Client).Length <= 2 : p.Literal.Length == 0);

    public static JsonText Of(JsonElement clientString) => new JsonText().Add(clientString);

    public static JsonText Of(string literal) => new JsonText().Add(literal);

    /// <summary>The pieces of <paramref name="texts"/> with <paramref name="separator"/> between each two.</summary>
    public static JsonText Join(string separator, IEnumerable<JsonText> texts)
    {
        var joined = new JsonText();
        var first = true;
        foreach (var text in texts)
        {
            if (!first)
            {
                joined.Add(separator);
            }

            joined._pieces.AddRange(text._pieces);
            first = false;
        }

        return joined;
    }

    /// <summary>Adds a client value; anything but a string adds nothing.</summary>
    public JsonText Add(JsonElement clientString)
    {
        if (clientString.ValueKind == JsonValueKind.String)
        {
            _pieces.Add((clientString, null));
        }

        return this;
    }

    public JsonText Add(string literal)
    {
        _pieces.Add((default, literal));
        return this;
    }

    public JsonText Add(JsonText text)
    {
        _pieces.AddRange(text._pieces);
        return this;
    }

    public void Write(Utf8JsonWriter w, ReadOnlySpan<byte> property)
    {
        w.WritePropertyName(property);
        WriteValue(w);
    }

    public void WriteValue(Utf8JsonWriter w)
    {
        if (_pieces is [{ Literal: null } only])
        {
            RawJson.WriteValue(w, only.Client);
            return;
        }

        var buffer = new PooledBufferWriter(EstimateLength());
        try
        {
            buffer.Append("\""u8);
            foreach (var (client, literal) in _pieces)
            {
                if (literal is null)
                {
                    buffer.Append(RawJson.Of(client)[1..^1]);
                }
                else if (literal.Length > 0)
                {
                    buffer.Append(JsonEncodedText.Encode(literal, Encoder).EncodedUtf8Bytes);
                }
            }

            buffer.Append("\""u8);
            w.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
        }
        finally
        {
            buffer.Release();
        }
    }

    private int EstimateLength()
    {
        var length = 2;
        foreach (var (client, literal) in _pieces)
        {
            length += literal is null ? RawJson.Of(client).Length : literal.Length * 6;
        }

        return length;
    }
}

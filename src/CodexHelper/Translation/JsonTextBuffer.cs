using System.Text.Json;

namespace CodexHelper.Translation;

/// <summary>
/// One byte buffer a stream-event reader keeps between events, so the strings it reads land unescaped in it
/// instead of in a new string each. A value is handed out as its <see cref="Range"/> in the buffer, valid until
/// <see cref="Clear"/>; values are stored one after the other, so consecutive stores make one joined range.
/// </summary>
internal sealed class JsonTextBuffer(int capacity)
{
    private byte[] _bytes = new byte[capacity];

    /// <summary>How many bytes are stored; the end of the last value.</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<byte> this[Range range] => _bytes.AsSpan(range);

    public void Clear() => Length = 0;

    /// <summary>Reads a property's value: a string is stored unescaped; anything else is skipped (default range).</summary>
    public Range ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return Store(ref reader);
        }

        reader.Skip();
        return default;
    }

    /// <summary>As <see cref="ReadString"/>, but a number is kept as its text (relays send some codes as numbers).</summary>
    public Range ReadStringOrNumber(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
        {
            return Store(ref reader);
        }

        reader.Skip();
        return default;
    }

    /// <summary>Stores the current token: a string unescaped, any other value as its raw text.</summary>
    public Range Store(ref Utf8JsonReader reader)
    {
        var start = Length;
        if (reader.TokenType != JsonTokenType.String)
        {
            Append(reader.ValueSpan);
            return new Range(start, Length);
        }

        Ensure(reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length);
        Length += reader.CopyString(_bytes.AsSpan(Length));
        return new Range(start, Length);
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    private void Ensure(int more)
    {
        if (Length + more > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + more));
        }
    }
}

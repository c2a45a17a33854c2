using System.Text.Json;

namespace CodexHelper.Translation;

/// <summary>
/// A reusable reader of one stream event's JSON object (or one whole answer body) with <see cref="Utf8JsonReader"/>:
/// no DOM, and the strings it keeps land unescaped in <see cref="Texts"/>, kept between events. What it read stays
/// valid until the next <see cref="TryParse"/>; a body that is not a JSON object leaves it cleared.
/// </summary>
internal abstract class JsonEventReader(int capacity)
{
    protected JsonTextBuffer Texts { get; } = new(capacity);

    protected virtual JsonReaderOptions ReaderOptions => default;

    /// <summary>Reads an event; false when it is not a JSON object (the previous values are then cleared too).</summary>
    public bool TryParse(ReadOnlySpan<byte> json)
    {
        Clear();
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            ReadRoot(ref reader);
            return true;
        }
        catch (JsonException)
        {
            Clear();
            return false;
        }
    }

    /// <summary>Forgets what the last event held (the text buffer is emptied apart from this).</summary>
    protected abstract void Reset();

    /// <summary>Reads the root object's properties; <paramref name="reader"/> is on its start.</summary>
    protected abstract void ReadRoot(ref Utf8JsonReader reader);

    protected ReadOnlySpan<byte> Text(Range range) => Texts[range];

    private void Clear()
    {
        Texts.Clear();
        Reset();
    }
}

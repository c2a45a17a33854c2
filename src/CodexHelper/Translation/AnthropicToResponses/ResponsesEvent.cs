using System.Text.Json;
using static CodexHelper.Translation.JsonFields;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>
/// Reads one Responses stream event (the JSON of a <c>data:</c> line) with <see cref="Utf8JsonReader"/> into this
/// reusable value: the fields a translation to Anthropic acts on, whatever the event's <c>type</c> (top-level
/// <c>delta</c>/<c>arguments</c>/<c>summary_index</c>, the <c>item</c> of output_item events, the <c>response</c>
/// of terminal events with its usage, an <c>error</c>). Strings land unescaped in one buffer kept between events;
/// the <c>output</c> array of a terminal event, which repeats the whole answer, is skipped unread.
/// </summary>
internal sealed class ResponsesEvent() : JsonEventReader(256)
{
    private Range _type, _delta, _arguments, _code, _message;
    private Range _itemType, _itemCallId, _itemName, _itemArguments, _itemEncrypted, _itemSummary, _itemText;
    private Range _status, _incompleteReason, _model;

    public ReadOnlySpan<byte> Type => Text(_type);

    public ReadOnlySpan<byte> Delta => Text(_delta);

    /// <summary>The whole arguments of <c>function_call_arguments.done</c>.</summary>
    public ReadOnlySpan<byte> Arguments => Text(_arguments);

    public int SummaryIndex { get; private set; }

    public ReadOnlySpan<byte> ItemType => Text(_itemType);

    public ReadOnlySpan<byte> ItemCallId => Text(_itemCallId);

    public ReadOnlySpan<byte> ItemName => Text(_itemName);

    public ReadOnlySpan<byte> ItemArguments => Text(_itemArguments);

    /// <summary>A reasoning item's <c>encrypted_content</c>: the upstream's own opaque reasoning, replayable as a thinking signature.</summary>
    public ReadOnlySpan<byte> ItemEncrypted => Text(_itemEncrypted);

    /// <summary>A reasoning item's summary texts, joined by blank lines.</summary>
    public ReadOnlySpan<byte> ItemSummary => Text(_itemSummary);

    /// <summary>A message item's output_text/refusal texts, joined.</summary>
    public ReadOnlySpan<byte> ItemText => Text(_itemText);

    public ReadOnlySpan<byte> Model => Text(_model);

    /// <summary>The response's <c>status</c> in a terminal event.</summary>
    public ReadOnlySpan<byte> Status => Text(_status);

    public ReadOnlySpan<byte> IncompleteReason => Text(_incompleteReason);

    public bool HasUsage { get; private set; }

    /// <summary>Input tokens including the cached ones (the OpenAI convention).</summary>
    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long CachedTokens { get; private set; }

    public ReadOnlySpan<byte> ErrorCode => Text(_code);

    public ReadOnlySpan<byte> ErrorMessage => Text(_message);

    public bool HasError => _message.End.Value > _message.Start.Value || _code.End.Value > _code.Start.Value;

    protected override void Reset()
    {
        _type = _delta = _arguments = _code = _message = default;
        _itemType = _itemCallId = _itemName = _itemArguments = _itemEncrypted = _itemSummary = _itemText = default;
        _status = _incompleteReason = _model = default;
        SummaryIndex = 0;
        HasUsage = false;
        InputTokens = OutputTokens = CachedTokens = 0;
    }

    protected override void ReadRoot(ref Utf8JsonReader reader)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                _type = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                _delta = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                _arguments = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("summary_index"u8))
            {
                SummaryIndex = (int)ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("item"u8))
            {
                ReadObject(ref reader, ReadItemProperty);
            }
            else if (reader.ValueTextEquals("response"u8))
            {
                ReadObject(ref reader, ReadResponseProperty);
            }
            else if (!ReadErrorProperty(ref reader))
            {
                SkipValue(ref reader);
            }
        }
    }

    private delegate bool PropertyReader(ref Utf8JsonReader reader);

    /// <summary>Reads the object that is the next value, handing each property to <paramref name="property"/> (which returns false to skip it).</summary>
    private static void ReadObject(ref Utf8JsonReader reader, PropertyReader property)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (NextProperty(ref reader))
        {
            if (!property(ref reader))
            {
                SkipValue(ref reader);
            }
        }
    }

    private bool ReadItemProperty(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("type"u8))
        {
            _itemType = Texts.ReadStringOrNumber(ref reader);
        }
        else if (reader.ValueTextEquals("call_id"u8))
        {
            _itemCallId = Texts.ReadStringOrNumber(ref reader);
        }
        else if (reader.ValueTextEquals("name"u8))
        {
            _itemName = Texts.ReadStringOrNumber(ref reader);
        }
        else if (reader.ValueTextEquals("arguments"u8))
        {
            _itemArguments = Texts.ReadStringOrNumber(ref reader);
        }
        else if (reader.ValueTextEquals("encrypted_content"u8))
        {
            _itemEncrypted = Texts.ReadStringOrNumber(ref reader);
        }
        else if (reader.ValueTextEquals("summary"u8))
        {
            _itemSummary = ReadTexts(ref reader, "\n\n"u8);
        }
        else if (reader.ValueTextEquals("content"u8))
        {
            _itemText = ReadTexts(ref reader, default);
        }
        else
        {
            return false;
        }

        return true;
    }

    private bool ReadResponseProperty(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("status"u8))
        {
            _status = Texts.ReadStringOrNumber(ref reader);
        }
        else if (reader.ValueTextEquals("model"u8))
        {
            _model = Texts.ReadStringOrNumber(ref reader);
        }
        else if (reader.ValueTextEquals("usage"u8))
        {
            ReadObject(ref reader, ReadUsageProperty);
        }
        else if (reader.ValueTextEquals("incomplete_details"u8))
        {
            ReadObject(ref reader, ReadIncompleteProperty);
        }
        else if (reader.ValueTextEquals("error"u8))
        {
            ReadObject(ref reader, ReadErrorProperty);
        }
        else
        {
            return false;
        }

        return true;
    }

    private bool ReadUsageProperty(ref Utf8JsonReader reader)
    {
        HasUsage = true;
        if (reader.ValueTextEquals("input_tokens"u8))
        {
            InputTokens = ReadLong(ref reader);
        }
        else if (reader.ValueTextEquals("output_tokens"u8))
        {
            OutputTokens = ReadLong(ref reader);
        }
        else if (reader.ValueTextEquals("input_tokens_details"u8))
        {
            ReadObject(ref reader, ReadCachedProperty);
        }
        else
        {
            return false;
        }

        return true;
    }

    private bool ReadCachedProperty(ref Utf8JsonReader reader)
    {
        if (!reader.ValueTextEquals("cached_tokens"u8))
        {
            return false;
        }

        CachedTokens = ReadLong(ref reader);
        return true;
    }

    private bool ReadIncompleteProperty(ref Utf8JsonReader reader)
    {
        if (!reader.ValueTextEquals("reason"u8))
        {
            return false;
        }

        _incompleteReason = Texts.ReadStringOrNumber(ref reader);
        return true;
    }

    /// <summary>An <c>error</c> event's <c>code</c>/<c>message</c>, at the top or nested in an <c>error</c> object.</summary>
    private bool ReadErrorProperty(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("code"u8))
        {
            _code = Texts.ReadStringOrNumber(ref reader);
        }
        else if (reader.ValueTextEquals("message"u8))
        {
            _message = Texts.ReadStringOrNumber(ref reader);
        }
        else if (reader.ValueTextEquals("error"u8))
        {
            ReadObject(ref reader, ReadErrorProperty);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>The <c>text</c> of each object in the array that is the next value, stored joined by <paramref name="separator"/>.</summary>
    private Range ReadTexts(ref Utf8JsonReader reader, ReadOnlySpan<byte> separator)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return default;
        }

        var start = Texts.Length;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("text"u8))
                {
                    if (Texts.Length > start)
                    {
                        Texts.Append(separator);
                    }

                    Texts.ReadStringOrNumber(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }
        }

        return new Range(start, Texts.Length);
    }
}

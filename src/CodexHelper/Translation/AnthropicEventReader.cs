using System.Text.Json;
using static CodexHelper.Translation.JsonFields;

namespace CodexHelper.Translation;

/// <summary>
/// Reads one Anthropic Messages stream event (the JSON of its <c>data:</c> line) with <see cref="Utf8JsonReader"/>
/// into this reusable value: the event type, the block index, what <c>message</c>, <c>content_block</c>,
/// <c>delta</c>, <c>usage</c> and <c>error</c> carry that a translator needs. Strings land unescaped in one buffer
/// kept between events; spans stay valid until the next <see cref="TryParse"/>.
/// </summary>
internal sealed class AnthropicEventReader() : JsonEventReader(512)
{
    private Range _type, _id, _model, _blockType, _name, _value, _deltaType, _stopReason, _errorType, _errorMessage;

    /// <summary>The event's <c>type</c> (message_start, content_block_delta, …).</summary>
    public ReadOnlySpan<byte> Type => Text(_type);

    public int Index { get; private set; }

    /// <summary>message_start: the message id; content_block_start: the tool_use id.</summary>
    public ReadOnlySpan<byte> Id => Text(_id);

    public ReadOnlySpan<byte> Model => Text(_model);

    /// <summary>content_block_start: the block's type (text, thinking, redacted_thinking, tool_use, …).</summary>
    public ReadOnlySpan<byte> BlockType => Text(_blockType);

    /// <summary>content_block_start of a tool_use: the tool's name.</summary>
    public ReadOnlySpan<byte> Name => Text(_name);

    /// <summary>
    /// The block's or delta's payload: text/thinking text, a partial_json piece, a signature, or redacted data.
    /// </summary>
    public ReadOnlySpan<byte> Value => Text(_value);

    /// <summary>content_block_delta: text_delta, thinking_delta, signature_delta, input_json_delta, …</summary>
    public ReadOnlySpan<byte> DeltaType => Text(_deltaType);

    public ReadOnlySpan<byte> StopReason => Text(_stopReason);

    public bool HasUsage { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long CacheReadTokens { get; private set; }

    public long CacheCreationTokens { get; private set; }

    public ReadOnlySpan<byte> ErrorType => Text(_errorType);

    public ReadOnlySpan<byte> ErrorMessage => Text(_errorMessage);

    private enum Part
    {
        Root,
        Message,
        Block,
        Delta,
        Usage,
        Error,
    }

    protected override void ReadRoot(ref Utf8JsonReader reader) => ReadObject(ref reader, Part.Root);

    protected override void Reset()
    {
        _type = _id = _model = _blockType = _name = _value = _deltaType = _stopReason = _errorType = _errorMessage = default;
        Index = 0;
        HasUsage = false;
        InputTokens = OutputTokens = CacheReadTokens = CacheCreationTokens = 0;
    }

    private void ReadObject(ref Utf8JsonReader reader, Part part)
    {
        while (NextProperty(ref reader))
        {
            var child = ChildPart(ref reader, part);
            if (child is { } nested)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    HasUsage |= nested == Part.Usage;
                    ReadObject(ref reader, nested);
                }
                else
                {
                    reader.Skip();
                }

                continue;
            }

            ReadField(ref reader, part);
        }
    }

    private static Part? ChildPart(ref Utf8JsonReader reader, Part part)
    {
        if (reader.ValueTextEquals("usage"u8) && part is Part.Root or Part.Message)
        {
            return Part.Usage;
        }

        if (part != Part.Root)
        {
            return null;
        }

        return reader.ValueTextEquals("message"u8) ? Part.Message
            : reader.ValueTextEquals("content_block"u8) ? Part.Block
            : reader.ValueTextEquals("delta"u8) ? Part.Delta
            : reader.ValueTextEquals("error"u8) ? Part.Error
            : null;
    }

    private void ReadField(ref Utf8JsonReader reader, Part part)
    {
        switch (part)
        {
            case Part.Usage:
                ReadUsage(ref reader);
                return;
            case Part.Error:
                Set(ref reader, "type"u8, ref _errorType, "message"u8, ref _errorMessage);
                return;
            case Part.Message:
                Set(ref reader, "id"u8, ref _id, "model"u8, ref _model);
                return;
            case Part.Block:
                ReadBlock(ref reader);
                return;
            case Part.Delta:
                ReadDelta(ref reader);
                return;
            default:
                if (reader.ValueTextEquals("index"u8))
                {
                    Index = (int)ReadLong(ref reader);
                    return;
                }

                Set(ref reader, "type"u8, ref _type);
                return;
        }
    }

    private void ReadBlock(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("type"u8))
        {
            _blockType = Texts.ReadString(ref reader);
        }
        else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("data"u8))
        {
            _value = Texts.ReadString(ref reader);
        }
        else
        {
            Set(ref reader, "id"u8, ref _id, "name"u8, ref _name);
        }
    }

    private void ReadDelta(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("type"u8))
        {
            _deltaType = Texts.ReadString(ref reader);
        }
        else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("partial_json"u8) || reader.ValueTextEquals("signature"u8))
        {
            _value = Texts.ReadString(ref reader);
        }
        else
        {
            Set(ref reader, "stop_reason"u8, ref _stopReason);
        }
    }

    private void ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("input_tokens"u8))
        {
            InputTokens = ReadLong(ref reader);
        }
        else if (reader.ValueTextEquals("output_tokens"u8))
        {
            OutputTokens = ReadLong(ref reader);
        }
        else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
        {
            CacheReadTokens = ReadLong(ref reader);
        }
        else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
        {
            CacheCreationTokens = ReadLong(ref reader);
        }
        else
        {
            SkipValue(ref reader);
        }
    }

    /// <summary>Stores the value of the current property when its name is one of the two given; skips it otherwise.</summary>
    private void Set(ref Utf8JsonReader reader, ReadOnlySpan<byte> first, ref Range firstField, ReadOnlySpan<byte> second, ref Range secondField)
    {
        if (reader.ValueTextEquals(first))
        {
            firstField = Texts.ReadString(ref reader);
        }
        else if (reader.ValueTextEquals(second))
        {
            secondField = Texts.ReadString(ref reader);
        }
        else
        {
            SkipValue(ref reader);
        }
    }

    private void Set(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ref Range field)
    {
        if (reader.ValueTextEquals(name))
        {
            field = Texts.ReadString(ref reader);
            return;
        }

        SkipValue(ref reader);
    }
}

using System.Text.Json;
using static CodexHelper.Translation.JsonFields;

namespace CodexHelper.Translation;

/// <summary>
/// Reads one Chat Completions stream chunk (the JSON of a <c>data:</c> line) or a whole non-stream
/// <c>chat.completion</c> body (<c>message</c> in place of <c>delta</c>) with <see cref="Utf8JsonReader"/> into
/// this reusable value: no DOM, and the strings land unescaped in one buffer the reader keeps between chunks.
/// Only choice 0 is read (these clients ask for one). Spans handed out stay valid until the next <see cref="TryParse"/>.
/// </summary>
internal sealed class ChatChunkReader() : JsonEventReader(512)
{
    private readonly List<(int Index, Range Id, Range Name, Range Arguments)> _toolCalls = [];
    private Range _id, _model, _role, _content, _reasoning, _finishReason;
    private Range _errorMessage, _errorType, _errorCode;

    public ReadOnlySpan<byte> Id => Text(_id);

    public ReadOnlySpan<byte> Model => Text(_model);

    /// <summary>The <c>created</c> Unix time, 0 when absent.</summary>
    public long Created { get; private set; }

    /// <summary>Whether the chunk held a choice (a usage-only chunk has <c>choices: []</c>).</summary>
    public bool HasChoice { get; private set; }

    public ReadOnlySpan<byte> Role => Text(_role);

    /// <summary>The text piece (<c>content</c>); empty when absent or null.</summary>
    public ReadOnlySpan<byte> Content => Text(_content);

    /// <summary>The reasoning piece: <c>reasoning_content</c>, or <c>reasoning</c> as some relays name it.</summary>
    public ReadOnlySpan<byte> Reasoning => Text(_reasoning);

    /// <summary>Empty while the choice is not finished.</summary>
    public ReadOnlySpan<byte> FinishReason => Text(_finishReason);

    public int ToolCallCount => _toolCalls.Count;

    /// <summary>Whether a usage object (not null) was in the chunk.</summary>
    public bool HasUsage { get; private set; }

    public ChatUsage Usage { get; private set; }

    /// <summary>Whether the chunk was an <c>error</c> object instead of an answer.</summary>
    public bool HasError { get; private set; }

    public ReadOnlySpan<byte> ErrorMessage => Text(_errorMessage);

    public ReadOnlySpan<byte> ErrorType => Text(_errorType);

    /// <summary>The error's <c>code</c>, as text even when the relay sent a number.</summary>
    public ReadOnlySpan<byte> ErrorCode => Text(_errorCode);

    public ChatToolCallPiece ToolCall(int i)
    {
        var (index, id, name, arguments) = _toolCalls[i];
        return new ChatToolCallPiece(index, Text(id), Text(name), Text(arguments));
    }

    // Some relays send trailing commas or comments; a lenient reader costs nothing here.
    protected override JsonReaderOptions ReaderOptions => new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    protected override void Reset()
    {
        _id = _model = _role = _content = _reasoning = _finishReason = default;
        _errorMessage = _errorType = _errorCode = default;
        _toolCalls.Clear();
        Created = 0;
        HasChoice = HasUsage = HasError = false;
        Usage = default;
    }

    protected override void ReadRoot(ref Utf8JsonReader reader)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                _id = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                _model = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                Created = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                ReadChoices(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                ReadError(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private void ReadChoices(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                HasChoice = true;
                ReadChoice(ref reader);
            }
            else
            {
                reader.Skip();
            }

            first = false;
        }
    }

    private void ReadChoice(ref Utf8JsonReader reader)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                ReadDelta(ref reader);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                _finishReason = Texts.ReadStringOrNumber(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private void ReadDelta(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader))
        {
            return;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("role"u8))
            {
                _role = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                _content = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || (reader.ValueTextEquals("reasoning"u8) && _reasoning.Equals(default(Range))))
            {
                _reasoning = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                ReadToolCalls(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private void ReadToolCalls(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadToolCall(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadToolCall(ref Utf8JsonReader reader)
    {
        // A relay that leaves out index sends one call per position.
        var index = _toolCalls.Count;
        Range id = default, name = default, arguments = default;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = (int)ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("function"u8) && StartObject(ref reader))
            {
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("name"u8))
                    {
                        name = Texts.ReadStringOrNumber(ref reader);
                    }
                    else if (reader.ValueTextEquals("arguments"u8))
                    {
                        arguments = Texts.ReadString(ref reader);
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        _toolCalls.Add((index, id, name, arguments));
    }

    private void ReadUsage(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader))
        {
            return;
        }

        HasUsage = true;
        long prompt = 0, completion = 0, total = 0, cached = 0, reasoning = 0, cacheHit = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                prompt = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                completion = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                total = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                cached = ReadDetail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reasoning = ReadDetail(ref reader, "reasoning_tokens"u8);
            }
            else if (reader.ValueTextEquals("prompt_cache_hit_tokens"u8))
            {
                // DeepSeek reports cache hits here instead of in the details.
                cacheHit = ReadLong(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        Usage = new ChatUsage(prompt, completion, total, cached > 0 ? cached : cacheHit, reasoning);
    }

    private long ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> field)
    {
        long value = 0;
        if (!StartObject(ref reader))
        {
            return 0;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(field))
            {
                value = ReadLong(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return value;
    }

    private void ReadError(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        HasError = true;
        if (reader.TokenType == JsonTokenType.String)
        {
            _errorMessage = Texts.Store(ref reader);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("message"u8))
            {
                _errorMessage = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                _errorType = Texts.ReadStringOrNumber(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                _errorCode = Texts.ReadStringOrNumber(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }
}

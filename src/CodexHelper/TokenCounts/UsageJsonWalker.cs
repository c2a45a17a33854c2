using System.Text.Json;

namespace CodexHelper.TokenCounts;

/// <summary>
/// Watches the tokens of one JSON document, fed one token at a time (so it works both on a complete
/// SSE payload and on a body that arrives in pieces), and hands each complete <c>usage</c> object to
/// the accumulator. Only usage at the places the protocols put it counts: <c>$.usage</c>,
/// <c>$.response.usage</c> (Responses events) and <c>$.message.usage</c> (Anthropic <c>message_start</c>);
/// a "usage" key anywhere else (tool arguments, content) is ignored.
/// </summary>
internal sealed class UsageJsonWalker(ResponseUsageMerger accumulator)
{
    // Deepest interesting token: $.response.usage.input_tokens_details.cached_tokens sits at depth 4.
    private const int MaxTrackedDepth = 4;

    private readonly Container[] _containers = new Container[MaxTrackedDepth + 1];
    private readonly Field[] _properties = new Field[MaxTrackedDepth + 1];
    private UsageFields _current;

    public bool RootClosed { get; private set; }

    public void Reset()
    {
        Array.Clear(_containers);
        Array.Clear(_properties);
        _current = default;
        RootClosed = false;
    }

    public void OnToken(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        if (depth > MaxTrackedDepth)
        {
            return;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var kind = depth == 0 ? Container.Root : ChildContainer(_containers[depth - 1], _properties[depth]);
                _containers[depth] = kind;
                if (kind == Container.Usage)
                {
                    _current = default;
                }

                break;
            case JsonTokenType.StartArray:
                _containers[depth] = Container.Ignored;
                break;
            case JsonTokenType.EndObject:
                if (_containers[depth] == Container.Usage)
                {
                    accumulator.Merge(_current);
                }

                RootClosed |= depth == 0;
                break;
            case JsonTokenType.EndArray:
                RootClosed |= depth == 0;
                break;
            case JsonTokenType.PropertyName:
                _properties[depth] = Classify(_containers[depth - 1], ref reader);
                break;
            case JsonTokenType.Number:
                // Inside an array the last property name at this depth is stale, hence the container check.
                if (depth > 0 && _containers[depth - 1] != Container.Ignored)
                {
                    Store(_properties[depth], ref reader);
                }

                break;
        }
    }

    private static Container ChildContainer(Container parent, Field property) => (parent, property) switch
    {
        (Container.Root, Field.Usage) => Container.Usage,
        (Container.Root, Field.Envelope) => Container.Envelope,
        (Container.Envelope, Field.Usage) => Container.Usage,
        (Container.Usage, Field.InputDetails) => Container.InputDetails,
        (Container.Usage, Field.OutputDetails) => Container.OutputDetails,
        (Container.Usage, Field.CacheCreation) => Container.CacheCreation,
        _ => Container.Ignored,
    };

    private static Field Classify(Container container, ref Utf8JsonReader reader)
    {
        switch (container)
        {
            case Container.Root:
                if (reader.ValueTextEquals("usage"u8)) return Field.Usage;
                if (reader.ValueTextEquals("response"u8) || reader.ValueTextEquals("message"u8)) return Field.Envelope;
                return Field.Other;
            case Container.Envelope:
                return reader.ValueTextEquals("usage"u8) ? Field.Usage : Field.Other;
            case Container.Usage:
                if (reader.ValueTextEquals("input_tokens"u8)) return Field.InputTokens;
                if (reader.ValueTextEquals("output_tokens"u8)) return Field.OutputTokens;
                if (reader.ValueTextEquals("total_tokens"u8)) return Field.TotalTokens;
                if (reader.ValueTextEquals("prompt_tokens"u8)) return Field.PromptTokens;
                if (reader.ValueTextEquals("completion_tokens"u8)) return Field.CompletionTokens;
                if (reader.ValueTextEquals("cache_read_input_tokens"u8)) return Field.CacheReadInputTokens;
                if (reader.ValueTextEquals("cache_creation_input_tokens"u8)) return Field.CacheCreationInputTokens;
                if (reader.ValueTextEquals("prompt_cache_hit_tokens"u8)) return Field.PromptCacheHitTokens;
                if (reader.ValueTextEquals("input_tokens_details"u8) || reader.ValueTextEquals("prompt_tokens_details"u8)) return Field.InputDetails;
                if (reader.ValueTextEquals("output_tokens_details"u8) || reader.ValueTextEquals("completion_tokens_details"u8)) return Field.OutputDetails;
                if (reader.ValueTextEquals("cache_creation"u8)) return Field.CacheCreation;
                return Field.Other;
            case Container.CacheCreation:
                return reader.ValueTextEquals("ephemeral_1h_input_tokens"u8) ? Field.CacheCreation1hTokens : Field.Other;
            case Container.InputDetails:
                return reader.ValueTextEquals("cached_tokens"u8) ? Field.CachedTokens : Field.Other;
            case Container.OutputDetails:
                return reader.ValueTextEquals("reasoning_tokens"u8) ? Field.ReasoningTokens : Field.Other;
            default:
                return Field.Other;
        }
    }

    private void Store(Field field, ref Utf8JsonReader reader)
    {
        if (field is Field.Other or Field.Usage or Field.Envelope or Field.InputDetails or Field.OutputDetails or Field.CacheCreation)
        {
            return;
        }

        // Counts are integers on every wire we know; tolerate 12.0 from sloppy relays.
        long value = reader.TryGetInt64(out var whole) ? whole
            : reader.TryGetDouble(out var real) && double.IsFinite(real) ? (long)real
            : 0;
        switch (field)
        {
            case Field.InputTokens: _current.InputTokens = value; break;
            case Field.OutputTokens: _current.OutputTokens = value; break;
            case Field.TotalTokens: _current.TotalTokens = value; break;
            case Field.PromptTokens: _current.PromptTokens = value; break;
            case Field.CompletionTokens: _current.CompletionTokens = value; break;
            case Field.CacheReadInputTokens: _current.CacheReadInputTokens = value; break;
            case Field.CacheCreationInputTokens: _current.CacheCreationInputTokens = value; break;
            case Field.PromptCacheHitTokens: _current.PromptCacheHitTokens = value; break;
            case Field.CachedTokens: _current.CachedTokens = value; break;
            case Field.ReasoningTokens: _current.ReasoningTokens = value; break;
            case Field.CacheCreation1hTokens: _current.CacheCreation1hTokens = value; break;
        }
    }

    private enum Container : byte
    {
        Ignored,
        Root,
        Envelope,
        Usage,
        InputDetails,
        OutputDetails,
        CacheCreation,
    }

    private enum Field : byte
    {
        Other,
        Usage,
        Envelope,
        InputDetails,
        OutputDetails,
        InputTokens,
        OutputTokens,
        TotalTokens,
        PromptTokens,
        CompletionTokens,
        CacheReadInputTokens,
        CacheCreationInputTokens,
        PromptCacheHitTokens,
        CachedTokens,
        ReasoningTokens,
        CacheCreation,
        CacheCreation1hTokens,
    }
}

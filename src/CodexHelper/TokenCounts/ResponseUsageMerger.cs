namespace CodexHelper.TokenCounts;

/// <summary>
/// Merges every complete <c>usage</c> object of one response into the final <see cref="TokenUsage"/>.
/// </summary>
/// <remarks>
/// Merging (rather than "last object wins") is what Anthropic streams need: <c>message_start</c> carries
/// the input and cache counts, the final <c>message_delta</c> carries the cumulative output count, and
/// taking only the last one would lose the input. The rules:
/// <list type="bullet">
/// <item>Input-side counters (input, cache read/creation, cached) from a later object replace earlier
/// ones only when nonzero — newer Anthropic versions repeat them in <c>message_delta</c>, older ones send 0 or nothing.</item>
/// <item>Output-side counters (output, reasoning) from a later object replace earlier ones when present:
/// they are cumulative, the last one is the final count.</item>
/// <item>total_tokens is taken only from the object that also set the latest counts; when absent it is
/// input + output.</item>
/// </list>
/// Normalisation across protocols: <c>InputTokens</c> is always the whole prompt. Responses' input_tokens and
/// Chat's prompt_tokens already include cached tokens; Anthropic's input_tokens excludes them, so
/// InputTokens = input_tokens + cache_read_input_tokens + cache_creation_input_tokens there.
/// <c>CachedInputTokens</c> = cached_tokens (OpenAI) or cache_read_input_tokens (Anthropic).
/// The cache-write parts stay apart (<c>CacheCreationInputTokens</c> and its 1-hour share) because they are
/// billed at their own prices.
/// </remarks>
internal sealed class ResponseUsageMerger
{
    private bool _seen;
    private long _input;
    private long _cacheRead;
    private long _cacheCreation;
    private long _cacheCreation1h;
    private long? _cached;
    private long _output;
    private long _reasoning;
    private long? _total;

    public void Merge(in UsageFields f)
    {
        var input = f.InputTokens ?? f.PromptTokens;
        var output = f.OutputTokens ?? f.CompletionTokens;
        var cached = f.CachedTokens ?? f.PromptCacheHitTokens;

        _seen = true;
        _input = PreferNonZero(_input, input);
        _cacheRead = PreferNonZero(_cacheRead, f.CacheReadInputTokens);
        _cacheCreation = PreferNonZero(_cacheCreation, f.CacheCreationInputTokens);
        _cacheCreation1h = PreferNonZero(_cacheCreation1h, f.CacheCreation1hTokens);
        if (cached is { } c && (c != 0 || _cached is null))
        {
            _cached = c;
        }

        if (output is { } o)
        {
            _output = o;
        }

        if (f.ReasoningTokens is { } r)
        {
            _reasoning = r;
        }

        // A total from an earlier object would be stale once this one changed the counts.
        _total = f.TotalTokens;
    }

    public TokenUsage? ToTokenUsage()
    {
        if (!_seen)
        {
            return null;
        }

        var input = _input + _cacheRead + _cacheCreation;
        return new TokenUsage
        {
            InputTokens = input,
            CachedInputTokens = _cached ?? _cacheRead,
            OutputTokens = _output,
            ReasoningTokens = _reasoning,
            TotalTokens = _total ?? input + _output,
            CacheCreationInputTokens = _cacheCreation,
            CacheCreation1hInputTokens = Math.Min(_cacheCreation1h, _cacheCreation),
        };
    }

    private static long PreferNonZero(long current, long? incoming) =>
        incoming is { } v && v != 0 ? v : current;
}

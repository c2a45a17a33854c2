using System.Text.Json.Serialization;

namespace CodexHelper.Pricing;

/// <summary>
/// What one model costs, in US dollars per million tokens (the unit every price page uses). A missing
/// price is null, not 0: tokens of a kind without a price make the cost unknown rather than free.
/// </summary>
internal sealed record ModelPrice
{
    [JsonPropertyName("input")]
    public decimal? Input { get; init; }

    /// <summary>Cache reads (OpenAI cached input, Anthropic cache_read_input_tokens).</summary>
    [JsonPropertyName("cached_input")]
    public decimal? CachedInput { get; init; }

    /// <summary>Anthropic cache writes with the default 5-minute lifetime.</summary>
    [JsonPropertyName("cache_write_5m")]
    public decimal? CacheWrite5m { get; init; }

    /// <summary>Anthropic cache writes with the 1-hour lifetime (2x input, dearer than 5-minute ones).</summary>
    [JsonPropertyName("cache_write_1h")]
    public decimal? CacheWrite1h { get; init; }

    /// <summary>Output, reasoning included (providers bill reasoning as output).</summary>
    [JsonPropertyName("output")]
    public decimal? Output { get; init; }

    /// <summary>Other prices for every token of a request whose prompt is longer than a threshold.</summary>
    [JsonPropertyName("long_context")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LongContextPrice? LongContext { get; init; }
}

/// <summary>A model's prices once the whole prompt (cached and cache-written tokens included) exceeds <see cref="AboveInputTokens"/>.</summary>
internal sealed record LongContextPrice
{
    [JsonPropertyName("above_input_tokens")]
    public long AboveInputTokens { get; init; }

    [JsonPropertyName("input")]
    public decimal? Input { get; init; }

    [JsonPropertyName("cached_input")]
    public decimal? CachedInput { get; init; }

    [JsonPropertyName("cache_write_5m")]
    public decimal? CacheWrite5m { get; init; }

    [JsonPropertyName("cache_write_1h")]
    public decimal? CacheWrite1h { get; init; }

    [JsonPropertyName("output")]
    public decimal? Output { get; init; }

    public ModelPrice AsModelPrice() => new()
    {
        Input = Input,
        CachedInput = CachedInput,
        CacheWrite5m = CacheWrite5m,
        CacheWrite1h = CacheWrite1h,
        Output = Output,
    };
}

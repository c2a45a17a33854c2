using System.Text.Json.Serialization;

namespace CodexHelper.TokenCounts;

/// <summary>
/// Token counts of one response, in the request log's field names (a stable contract:
/// <c>input_tokens, output_tokens, reasoning_tokens, total_tokens</c>, plus <c>cached_input_tokens</c>).
/// </summary>
internal sealed record TokenUsage
{
    [JsonPropertyName("input_tokens")]
    public long InputTokens { get; init; }

    [JsonPropertyName("output_tokens")]
    public long OutputTokens { get; init; }

    [JsonPropertyName("reasoning_tokens")]
    public long ReasoningTokens { get; init; }

    [JsonPropertyName("total_tokens")]
    public long TotalTokens { get; init; }

    [JsonPropertyName("cached_input_tokens")]
    public long CachedInputTokens { get; init; }

    /// <summary>Anthropic cache writes (part of <see cref="InputTokens"/>), priced apart from plain input.</summary>
    [JsonPropertyName("cache_creation_input_tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long CacheCreationInputTokens { get; init; }

    /// <summary>The 1-hour part of <see cref="CacheCreationInputTokens"/> (dearer than the 5-minute rest).</summary>
    [JsonPropertyName("cache_creation_1h_input_tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long CacheCreation1hInputTokens { get; init; }
}

using System.Text.Json.Serialization;

namespace CodexHelper.Reports;

/// <summary>The result of <c>usage summary</c>; its JSON form is what <c>--json</c> prints.</summary>
internal sealed record UsageSummary
{
    [JsonPropertyName("by")] public string By { get; init; } = "config";
    [JsonPropertyName("since")] public DateTimeOffset? Since { get; init; }
    [JsonPropertyName("service")] public string? Service { get; init; }
    [JsonPropertyName("groups")] public IReadOnlyList<UsageGroup> Groups { get; init; } = [];
    /// <summary>Groups left out by <c>--limit</c>; they still count in <see cref="Total"/>.</summary>
    [JsonPropertyName("groups_omitted")] public int GroupsOmitted { get; init; }
    [JsonPropertyName("total")] public UsageGroup Total { get; init; } = new();
    [JsonPropertyName("skipped_malformed_lines")] public long SkippedMalformedLines { get; init; }
}

internal sealed record UsageGroup
{
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("requests")] public long Requests { get; init; }
    [JsonPropertyName("errors")] public long Errors { get; init; }
    [JsonPropertyName("input_tokens")] public long InputTokens { get; init; }
    [JsonPropertyName("cached_input_tokens")] public long CachedInputTokens { get; init; }
    /// <summary>The share of the prompt read from the upstream's cache, in percent: see <see cref="CacheHitPercent"/>.</summary>
    [JsonPropertyName("cache_hit_pct")] public double? CacheHitPct { get; init; }
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; init; }
    [JsonPropertyName("reasoning_tokens")] public long ReasoningTokens { get; init; }
    [JsonPropertyName("total_tokens")] public long TotalTokens { get; init; }
    /// <summary>Dollars of the priced requests; null when none of the group's requests with usage could be priced.</summary>
    [JsonPropertyName("cost_usd")] public decimal? CostUsd { get; init; }
    /// <summary>Requests with usage but no price: the cost leaves them out, and says so here.</summary>
    [JsonPropertyName("unpriced_requests")] public long UnpricedRequests { get; init; }
    [JsonPropertyName("p50_ms")] public long? P50Ms { get; init; }
    [JsonPropertyName("p95_ms")] public long? P95Ms { get; init; }

    /// <summary>
    /// cached_input_tokens / input_tokens, in percent to one decimal; null without input. The log's input_tokens is the
    /// whole prompt for every protocol (Anthropic's input_tokens + cache_read_input_tokens + cache_creation_input_tokens;
    /// OpenAI's input_tokens or prompt_tokens, which already hold the cached ones) and cached_input_tokens the part read
    /// from the cache (cache_read_input_tokens, cached_tokens), so one formula is right for Codex and Claude alike; a
    /// cache write counts as a miss.
    /// </summary>
    public static double? CacheHitPercent(long cached, long input) =>
        input <= 0 ? null : Math.Round(100.0 * Math.Clamp(cached, 0, input) / input, 1);
}

using CodexHelper.Configuration;

namespace CodexHelper.Reports;

/// <summary>The part of one log line that a usage summary needs: no strings, so the hot path allocates nothing.
/// <see cref="CostUsd"/> is 0 for an unpriced line, which <see cref="Unpriced"/> marks so no total passes it off as free.</summary>
internal record struct UsageSample(
    long TimestampMs,
    ServiceKind? Service,
    long DurationMs,
    bool IsError,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    long ReasoningTokens,
    long TotalTokens,
    decimal CostUsd = 0,
    bool Unpriced = false)
{
    /// <summary>A line is unpriced when it has usage but no cost (unknown model, or a line from before cost_usd existed).</summary>
    public static bool IsUnpriced(bool hasUsage, bool hasCost) => hasUsage && !hasCost;

    /// <summary>
    /// For lines without an <c>outcome</c> (written before it existed): a request failed when the client saw a
    /// non-2xx status (the proxy also notes errors and client aborts).
    /// </summary>
    public static bool IsErrorStatus(int statusCode) => statusCode is < 200 or > 299;
}

using CodexHelper.Configuration;
using CodexHelper.RequestLog;

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
    public static UsageSample From(RequestLogEntry e)
    {
        var u = e.Usage;
        return new UsageSample(
            e.TimestampMs,
            ServiceKinds.Parse(e.Service),
            e.DurationMs,
            e.Outcome is { } outcome ? RequestOutcome.IsError(outcome) : IsErrorStatus(e.StatusCode) || e.Error is not null || e.ClientAborted,
            u?.InputTokens ?? 0,
            u?.CachedInputTokens ?? 0,
            u?.OutputTokens ?? 0,
            u?.ReasoningTokens ?? 0,
            u is null ? 0 : u.TotalTokens > 0 ? u.TotalTokens : u.InputTokens + u.OutputTokens,
            e.CostUsd ?? 0,
            IsUnpriced(u is not null, e.CostUsd is not null));
    }

    /// <summary>A line is unpriced when it has usage but no cost (unknown model, or a line from before cost_usd existed).</summary>
    public static bool IsUnpriced(bool hasUsage, bool hasCost) => hasUsage && !hasCost;

    /// <summary>
    /// For lines without an <c>outcome</c> (written before it existed): a request failed when the client saw a
    /// non-2xx status (the proxy also notes errors and client aborts).
    /// </summary>
    public static bool IsErrorStatus(int statusCode) => statusCode is < 200 or > 299;
}

using CodexHelper.Configuration;
using CodexHelper.Reports;
using CodexHelper.RequestLog;

namespace CodexHelper.Tests.Reports;

/// <summary>
/// The reference the fast <see cref="UsageLogScanner"/> is checked against: each line fully deserialised to a
/// <see cref="RequestLogEntry"/> and fed to the same <see cref="UsageSummaryBuilder"/> entry point production uses.
/// </summary>
internal static class DeserialisedUsage
{
    public static void AddDeserialised(this UsageSummaryBuilder builder, UsageGrouping by, IEnumerable<RequestLogEntry> entries)
    {
        foreach (var e in entries)
        {
            builder.Add(Sample(e), by switch
            {
                UsageGrouping.Upstream => e.UpstreamId ?? e.UpstreamBaseUrl,
                UsageGrouping.Model => e.Model,
                UsageGrouping.Config => e.ConfigName,
                UsageGrouping.Session or UsageGrouping.Project => e.SessionId,
                UsageGrouping.Token => e.ClientToken,
                _ => null,
            });
        }
    }

    private static UsageSample Sample(RequestLogEntry e)
    {
        var u = e.Usage;
        return new UsageSample(
            e.TimestampMs,
            ServiceKinds.Parse(e.Service),
            e.DurationMs,
            e.Outcome is { } outcome ? RequestOutcome.IsError(outcome) : UsageSample.IsErrorStatus(e.StatusCode) || e.Error is not null || e.ClientAborted,
            u?.InputTokens ?? 0,
            u?.CachedInputTokens ?? 0,
            u?.OutputTokens ?? 0,
            u?.ReasoningTokens ?? 0,
            u is null ? 0 : u.TotalTokens > 0 ? u.TotalTokens : u.InputTokens + u.OutputTokens,
            e.CostUsd ?? 0,
            UsageSample.IsUnpriced(u is not null, e.CostUsd is not null));
    }
}

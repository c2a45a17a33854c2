using CodexHelper.RequestLog;

namespace CodexHelper.Dashboard;

/// <summary>
/// The log fields issue 14 adds (<c>session_id</c>, <c>cost_usd</c>), read in one place so that the
/// dashboard shows them as soon as the log carries them.
/// </summary>
internal static class LogExtras
{
    public static string? SessionId(RequestLogEntry entry)
    {
        _ = entry;
        return null;
    }

    public static double? CostUsd(RequestLogEntry entry)
    {
        _ = entry;
        return null;
    }
}

using CodexHelper.Pricing;
using CodexHelper.Sessions;

namespace CodexHelper.Reports;

/// <summary>
/// Joins sessions to their usage: the request log when the session went through the proxy (read once for
/// all the sessions asked about, never once per session), else the usage the client wrote into the session file.
/// </summary>
internal static class SessionCosts
{
    public static IReadOnlyList<SessionSummary> Attach(IReadOnlyList<SessionSummary> sessions, string requestLog, PriceBook prices)
    {
        if (sessions.Count == 0)
        {
            return sessions;
        }

        var fromLog = FromLog(requestLog, sessions.Select(s => s.Id));
        var result = new SessionSummary[sessions.Count];
        Parallel.For(0, sessions.Count, i =>
        {
            var s = sessions[i];
            result[i] = s.WithUsage(fromLog.TryGetValue(s.Id, out var logged) ? logged : SessionFileUsage.Read(s.Source, s.Path, prices));
        });
        return result;
    }

    /// <summary>One session's usage, for <c>session export</c>.</summary>
    public static SessionUsage? For(string id, SessionSource source, string path, string requestLog, PriceBook prices) =>
        FromLog(requestLog, [id]).TryGetValue(id, out var logged) ? logged : SessionFileUsage.Read(source, path, prices);

    /// <summary>Usage per session id from the request log, for the given ids only.</summary>
    public static Dictionary<string, SessionUsage> FromLog(string requestLog, IEnumerable<string> ids)
    {
        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        var builder = new UsageSummaryBuilder(UsageGrouping.Session);
        UsageLogScanner.Scan(requestLog, builder, UsageGrouping.Session, wanted);
        var result = new Dictionary<string, SessionUsage>(StringComparer.Ordinal);
        foreach (var group in builder.Build().Groups)
        {
            if (wanted.Contains(group.Key))
            {
                result[group.Key] = new SessionUsage
                {
                    Source = SessionUsage.FromProxy,
                    Requests = group.Requests,
                    InputTokens = group.InputTokens,
                    CachedInputTokens = group.CachedInputTokens,
                    OutputTokens = group.OutputTokens,
                    CostUsd = group.CostUsd,
                    UnpricedRequests = group.UnpricedRequests,
                };
            }
        }

        return result;
    }

    /// <summary>Session id → working directory, for <c>usage summary --by project</c>, from both clients' session files.</summary>
    public static Func<string, string?> Projects(AppPaths paths)
    {
        var cwd = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { SessionSource.Codex, SessionSource.Claude })
        {
            foreach (var head in new SessionIndex(paths, source).AllHeads())
            {
                if (head.Cwd is { Length: > 0 } dir)
                {
                    cwd.TryAdd(head.Id, dir);
                }
            }
        }

        return id => cwd.TryGetValue(id, out var dir) ? dir : null;
    }
}

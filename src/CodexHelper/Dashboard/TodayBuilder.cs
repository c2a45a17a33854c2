using CodexHelper.RequestLog;
using CodexHelper.Sessions;

namespace CodexHelper.Dashboard;

/// <summary>Adds up today's request-log entries (local day) into a <see cref="TodayReport"/>.</summary>
internal sealed class TodayBuilder(DateTimeOffset midnight)
{
    /// <summary>Sessions beyond this many distinct ids are not listed (a day rarely has more; the total still counts them).</summary>
    private const int MaxSessions = 200;

    private readonly Totals _total = new("total", null);
    private readonly Totals[] _hours = [.. Enumerable.Range(0, 24).Select(h => new Totals(h.ToString("00", System.Globalization.CultureInfo.InvariantCulture), null))];
    private readonly Dictionary<string, Totals> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Totals> _upstreams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Totals> _sessions = new(StringComparer.Ordinal);
    private readonly long _sinceMs = midnight.ToUnixTimeMilliseconds();

    public static DateTimeOffset LocalMidnight(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return new DateTimeOffset(local.Date, local.Offset);
    }

    public static TodayReport Read(string logPath, DateTimeOffset now, TimeZoneInfo zone)
    {
        var midnight = LocalMidnight(now, zone);
        var builder = new TodayBuilder(midnight);
        foreach (var file in RequestLogFiles.OldestFirst(logPath))
        {
            // Rotated files last written before midnight hold nothing of today: not opened.
            if (File.GetLastWriteTimeUtc(file) < midnight.UtcDateTime)
            {
                continue;
            }

            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                using var lines = new Files.JsonlLineReader(stream);
                while (lines.TryReadLine(out var line))
                {
                    try
                    {
                        if (System.Text.Json.JsonSerializer.Deserialize(line.Span, RequestLogJsonContext.Default.RequestLogEntry) is { } entry)
                        {
                            builder.Add(entry);
                        }
                    }
                    catch (System.Text.Json.JsonException)
                    {
                        // A malformed line (a crash mid-write) counts for nothing.
                    }
                }
            }
            catch (FileNotFoundException)
            {
                // Rotated away between listing and opening.
            }
        }

        return builder.Build();
    }

    public void Add(RequestLogEntry e)
    {
        if (e.TimestampMs < _sinceMs)
        {
            return;
        }

        var hour = (int)Math.Clamp((e.TimestampMs - _sinceMs) / 3_600_000, 0, 23);
        _total.Add(e);
        _hours[hour].Add(e);
        Group(_models, e.Model ?? "(unknown)", null).Add(e);
        // Two keys on one relay are two rows: each has its own price and balance.
        Group(_upstreams, e.UpstreamId ?? e.UpstreamBaseUrl ?? "(none)", null).Add(e);
        if (e.SessionId is { Length: > 0 } session && (_sessions.Count < MaxSessions || _sessions.ContainsKey(session)))
        {
            Group(_sessions, session, e.Service).Add(e);
        }
    }

    public TodayReport Build() => new()
    {
        SinceMs = _sinceMs,
        Total = _total.ToRow(),
        Hours = [.. _hours.Select(h => h.ToRow())],
        ByModel = Rows(_models),
        ByUpstream = Rows(_upstreams),
        BySession = [.. Rows(_sessions).Select(r => r with { Resume = Resume(r) })],
    };

    private static string? Resume(TodayRow row) =>
        row.Service == "claude" ? SessionSource.Claude.ResumeCommand(row.Key)
        : row.Service == "codex" ? SessionSource.Codex.ResumeCommand(row.Key)
        : null;

    private static TodayRow[] Rows(Dictionary<string, Totals> groups) =>
        [.. groups.Values.OrderByDescending(g => g.TotalTokens).ThenByDescending(g => g.Requests).Select(g => g.ToRow())];

    private static Totals Group(Dictionary<string, Totals> groups, string key, string? service)
    {
        if (!groups.TryGetValue(key, out var totals))
        {
            totals = new Totals(key, service);
            groups[key] = totals;
        }

        return totals;
    }

    private sealed class Totals(string key, string? service)
    {
        public long Requests { get; private set; }
        public long TotalTokens { get; private set; }
        private long _errors;
        private long _input;
        private long _output;
        private decimal? _cost;

        public void Add(RequestLogEntry e)
        {
            Requests++;
            if (e.StatusCode is < 200 or > 299 || e.Error is not null)
            {
                _errors++;
            }

            if (e.Usage is { } u)
            {
                _input += u.InputTokens;
                _output += u.OutputTokens;
                TotalTokens += u.TotalTokens > 0 ? u.TotalTokens : u.InputTokens + u.OutputTokens;
            }

            if (e.CostUsd is { } cost)
            {
                _cost = (_cost ?? 0) + cost;
            }
        }

        public TodayRow ToRow() => new()
        {
            Key = key,
            Service = service,
            Requests = Requests,
            Errors = _errors,
            InputTokens = _input,
            OutputTokens = _output,
            TotalTokens = TotalTokens,
            CostUsd = _cost is { } c ? Math.Round(c, 4) : null,
        };
    }
}

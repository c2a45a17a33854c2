using CodexHelper.Configuration;

namespace CodexHelper.Reports;

/// <summary>
/// Folds log entries into per-group totals, one entry at a time, so a log of any length is summarised
/// in memory proportional to the number of groups (plus 4 bytes a request for exact percentiles).
/// </summary>
internal sealed class UsageSummaryBuilder
{
    private const string NoKey = "(none)";

    private readonly Dictionary<string, UsageGroupTotals> _groups = new(StringComparer.Ordinal);
    private readonly UsageGroupTotals _total = new("total");
    private readonly UsageGrouping _by;
    private readonly long _sinceMs;
    private readonly DateTimeOffset? _since;
    private readonly ServiceKind? _service;
    private readonly Dictionary<string, UsageGroupTotals>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly TimeZoneInfo _zone;

    // The day key of the last timestamp, cached: logs are in time order, so most lines share the previous line's day.
    private long _dayStartMs = long.MaxValue;
    private long _dayEndMs = long.MinValue;
    private string _dayKey = "";

    public UsageSummaryBuilder(UsageGrouping by, DateTimeOffset? since = null, ServiceKind? service = null, TimeZoneInfo? zone = null)
    {
        _by = by;
        _since = since;
        _sinceMs = since?.ToUnixTimeMilliseconds() ?? long.MinValue;
        _service = service;
        _zone = zone ?? TimeZoneInfo.Local;
        _lookup = _groups.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public long SkippedMalformedLines { get; private set; }

    public void CountMalformedLine() => SkippedMalformedLines++;

    /// <summary>
    /// The allocation-free path: <paramref name="key"/> is the grouped field's value (empty for none; ignored
    /// for <c>--by day</c>). A new group's key becomes a string once; later lines only look it up.
    /// </summary>
    public void Add(in UsageSample sample, ReadOnlySpan<char> key)
    {
        if (sample.TimestampMs < _sinceMs || (_service is { } wanted && sample.Service != wanted))
        {
            return;
        }

        if (_by == UsageGrouping.Day)
        {
            key = DayOf(sample.TimestampMs);
        }
        else if (key.IsEmpty)
        {
            key = NoKey;
        }

        if (!_lookup.TryGetValue(key, out var group))
        {
            group = new UsageGroupTotals(key.ToString());
            _groups.Add(group.Key, group);
        }

        group.Add(sample);
        _total.Add(sample);
    }

    /// <summary>Groups sorted by total tokens (largest first, as the original) — by date for <c>--by day</c>.</summary>
    /// <param name="projectOf">For <c>--by project</c>: the project (working directory) of a session id, or null when unknown.
    /// Lines are grouped by session while scanning; sessions are folded into projects here, once per session.</param>
    public UsageSummary Build(int limit = int.MaxValue, Func<string, string?>? projectOf = null)
    {
        IEnumerable<UsageGroupTotals> groups = _groups.Values;
        if (_by == UsageGrouping.Project)
        {
            groups = ByProject(projectOf ?? (_ => null));
        }

        IEnumerable<UsageGroupTotals> ordered = _by == UsageGrouping.Day
            ? groups.OrderBy(g => g.Key, StringComparer.Ordinal)
            : groups.OrderByDescending(g => g.TotalTokens).ThenByDescending(g => g.Requests).ThenBy(g => g.Key, StringComparer.Ordinal);
        var all = ordered.ToList();
        var shown = limit <= 0 ? all : all.Take(limit).ToList();
        return new UsageSummary
        {
            By = _by.Name(),
            Since = _since,
            Service = _service?.Name(),
            Groups = shown.Select(g => g.ToGroup()).ToList(),
            GroupsOmitted = all.Count - shown.Count,
            Total = _total.ToGroup(),
            SkippedMalformedLines = SkippedMalformedLines,
        };
    }

    private IEnumerable<UsageGroupTotals> ByProject(Func<string, string?> projectOf)
    {
        var projects = new Dictionary<string, UsageGroupTotals>(StringComparer.Ordinal);
        foreach (var session in _groups.Values)
        {
            var project = session.Key == NoKey ? NoKey : projectOf(session.Key) ?? "(session file not found)";
            if (!projects.TryGetValue(project, out var totals))
            {
                projects[project] = totals = new UsageGroupTotals(project);
            }

            totals.Merge(session);
        }

        return projects.Values;
    }

    private string DayOf(long timestampMs)
    {
        if (timestampMs >= _dayStartMs && timestampMs < _dayEndMs)
        {
            return _dayKey;
        }

        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(timestampMs), _zone);
        // Cache the key from this instant until 22 h after the (offset-estimated) midnight: even across a DST
        // change the next local midnight cannot come sooner, so every instant in the window has this date.
        _dayStartMs = timestampMs;
        _dayEndMs = timestampMs - (long)local.TimeOfDay.TotalMilliseconds + (long)TimeSpan.FromHours(22).TotalMilliseconds;
        _dayKey = local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return _dayKey;
    }
}

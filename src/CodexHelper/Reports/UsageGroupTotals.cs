namespace CodexHelper.Reports;

/// <summary>Running totals of one group. Durations are kept as ints (4 bytes a request) so percentiles are exact.</summary>
internal sealed class UsageGroupTotals(string key)
{
    private int[] _durations = new int[16];

    public string Key { get; } = key;
    public long Requests { get; private set; }
    public long Errors { get; private set; }
    public long InputTokens { get; private set; }
    public long CachedInputTokens { get; private set; }
    public long OutputTokens { get; private set; }
    public long ReasoningTokens { get; private set; }
    public long TotalTokens { get; private set; }

    public long FirstTimestampMs { get; private set; } = long.MaxValue;

    public void Add(in UsageSample s)
    {
        if (Requests == _durations.Length)
        {
            Array.Resize(ref _durations, _durations.Length * 2);
        }

        _durations[Requests] = (int)Math.Clamp(s.DurationMs, 0, int.MaxValue);
        Requests++;
        if (s.IsError)
        {
            Errors++;
        }

        FirstTimestampMs = Math.Min(FirstTimestampMs, s.TimestampMs);
        InputTokens += s.InputTokens;
        CachedInputTokens += s.CachedInputTokens;
        OutputTokens += s.OutputTokens;
        ReasoningTokens += s.ReasoningTokens;
        TotalTokens += s.TotalTokens;
    }

    public UsageGroup ToGroup()
    {
        var durations = _durations.AsSpan(0, (int)Requests);
        durations.Sort();
        return new UsageGroup
        {
            Key = Key,
            Requests = Requests,
            Errors = Errors,
            InputTokens = InputTokens,
            CachedInputTokens = CachedInputTokens,
            OutputTokens = OutputTokens,
            ReasoningTokens = ReasoningTokens,
            TotalTokens = TotalTokens,
            P50Ms = Percentile(durations, 0.50),
            P95Ms = Percentile(durations, 0.95),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values: the smallest value with at least q of all values at or below it.</summary>
    internal static long? Percentile(ReadOnlySpan<int> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}

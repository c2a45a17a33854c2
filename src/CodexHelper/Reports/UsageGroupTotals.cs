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
    public decimal CostUsd { get; private set; }
    public long PricedRequests { get; private set; }
    public long UnpricedRequests { get; private set; }

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
        if (s.Unpriced)
        {
            UnpricedRequests++;
        }
        else if (s.CostUsd != 0)
        {
            CostUsd += s.CostUsd;
            PricedRequests++;
        }
    }

    /// <summary>Folds another group into this one (<c>--by project</c> merges the sessions of one directory).</summary>
    public void Merge(UsageGroupTotals other)
    {
        var count = (int)(Requests + other.Requests);
        if (count > _durations.Length)
        {
            Array.Resize(ref _durations, Math.Max(count, _durations.Length * 2));
        }

        other._durations.AsSpan(0, (int)other.Requests).CopyTo(_durations.AsSpan((int)Requests));
        Requests += other.Requests;
        Errors += other.Errors;
        FirstTimestampMs = Math.Min(FirstTimestampMs, other.FirstTimestampMs);
        InputTokens += other.InputTokens;
        CachedInputTokens += other.CachedInputTokens;
        OutputTokens += other.OutputTokens;
        ReasoningTokens += other.ReasoningTokens;
        TotalTokens += other.TotalTokens;
        CostUsd += other.CostUsd;
        PricedRequests += other.PricedRequests;
        UnpricedRequests += other.UnpricedRequests;
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
            CacheHitPct = UsageGroup.CacheHitPercent(CachedInputTokens, InputTokens),
            OutputTokens = OutputTokens,
            ReasoningTokens = ReasoningTokens,
            TotalTokens = TotalTokens,
            CostUsd = PricedRequests == 0 && UnpricedRequests > 0 ? null : CostUsd,
            UnpricedRequests = UnpricedRequests,
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

namespace CodexHelper.Quota;

/// <summary>What one poll learned: a verdict, or why there is none (then nothing is marked or cleared).</summary>
internal readonly record struct QuotaReading(bool Exhausted, string? Problem)
{
    public static QuotaReading Verdict(bool exhausted) => new(exhausted, null);

    public static QuotaReading Failed(string problem) => new(false, problem);

    public bool IsProblem => Problem is not null;
}

namespace CodexHelper.Quota;

/// <summary>What one poll learned: a verdict, or why there is none (then nothing is marked or cleared).</summary>
internal readonly record struct QuotaReading(bool Exhausted, string? Problem, double? BalanceUsd = null)
{
    /// <param name="balanceUsd">What is left, in the provider's currency (shown by the dashboard), when the answer says.</param>
    public static QuotaReading Verdict(bool exhausted, double? balanceUsd = null) => new(exhausted, null, balanceUsd);

    public static QuotaReading Failed(string problem) => new(false, problem);
}

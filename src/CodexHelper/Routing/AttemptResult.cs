namespace CodexHelper.Routing;

/// <summary>One attempt's classified outcome with what the router and the log need to know about it (never a key).</summary>
internal readonly record struct AttemptResult(AttemptOutcome Outcome, int? Status = null, string? Error = null, TimeSpan? RetryAfter = null)
{
    /// <summary>The classified result of an upstream's status line (before its body is relayed).</summary>
    public static AttemptResult ForStatus(int status, TimeSpan? retryAfter)
    {
        var outcome = FailureClassifier.Classify(status);
        return new AttemptResult(outcome, status, outcome == AttemptOutcome.FailoverStatus ? $"HTTP {status}" : null, retryAfter);
    }
}

using CodexHelper.Routing;

namespace CodexHelper.Proxy.Judging;

/// <summary>What became of one upstream handed out by the plan.</summary>
internal enum AttemptKind
{
    /// <summary>Passed over without a request: it does not serve the model.</summary>
    Skipped,

    /// <summary>Tried and failed; the request may go on to the next upstream.</summary>
    Failed,

    /// <summary>Its answer is the one the client got.</summary>
    Answered,

    /// <summary>The client went away before this upstream's answer reached it.</summary>
    ClientLeft,
}

/// <summary>
/// One attempt, written once to <see cref="AttemptLedger"/>, which derives from it the upstream's health, the log's
/// <c>attempts</c> entry and the reason in the client's failure line.
/// </summary>
/// <param name="Result">For a failure or an answer, already carrying the key note (<see cref="UpstreamKeyCheck"/>); for a skip, the reason in <see cref="AttemptResult.Error"/>.</param>
/// <param name="Started">The attempt's start (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
internal readonly record struct AttemptRecord(RoutedUpstream Upstream, AttemptKind Kind, AttemptResult Result, long Started)
{
    /// <summary>A failed answer's body (its error text) when the upstream sent one; null when there was none.</summary>
    public CapturedResponse? Answer { get; init; }

    /// <summary>Something the user should fix about this upstream (an unset key variable), for the failure line.</summary>
    public string? Note { get; init; }

    /// <summary>The error the request log keeps for this attempt when it says more than <see cref="AttemptResult.Error"/> (the upstream's own words, bounded and scrubbed).</summary>
    public string? LoggedError { get; init; }
}

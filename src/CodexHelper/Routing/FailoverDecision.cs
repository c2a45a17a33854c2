namespace CodexHelper.Routing;

/// <summary>
/// The one place that says what an attempt's outcome means: what the router records against the upstream
/// and whether the request may go on to the next upstream. Pure; the proxy only carries it out.
/// </summary>
internal readonly record struct FailoverDecision(HealthEffect Record, bool TryNext)
{
    public static FailoverDecision For(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Success => new(HealthEffect.Success, false),
        AttemptOutcome.NeutralStatus => new(HealthEffect.Neutral, false),
        AttemptOutcome.FailoverStatus or AttemptOutcome.ConnectFailed or AttemptOutcome.TimedOut or AttemptOutcome.ErrorBeforeContent => new(HealthEffect.Failure, true),
        // The client already holds part of the answer: nothing can be replayed, but the upstream failed.
        AttemptOutcome.BrokenMidStream => new(HealthEffect.Failure, false),
        AttemptOutcome.ClientAborted => new(HealthEffect.Neutral, false),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>
    /// The outcome of an attempt whose answer was relayed to the client: the status decided it unless the
    /// relay broke off (then the upstream failed, once) or the client left (then only a failure status counts).
    /// </summary>
    public static AttemptOutcome AfterRelay(AttemptOutcome statusOutcome, RelayEnd end) => end switch
    {
        RelayEnd.Completed => statusOutcome,
        RelayEnd.UpstreamBroke => AttemptOutcome.BrokenMidStream,
        RelayEnd.ClientLeft => statusOutcome == AttemptOutcome.FailoverStatus ? AttemptOutcome.FailoverStatus : AttemptOutcome.ClientAborted,
        _ => throw new ArgumentOutOfRangeException(nameof(end), end, null),
    };
}

/// <summary>How relaying an upstream's body to the client ended.</summary>
internal enum RelayEnd
{
    Completed,
    ClientLeft,
    UpstreamBroke,
}

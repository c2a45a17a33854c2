namespace CodexHelper.Routing;

/// <summary>
/// How one attempt at one upstream ended: a closed set, like YARP's <c>ForwarderError</c>, that says
/// <em>where</em> it ended. Everything before the client saw a byte may be replayed on another upstream.
/// </summary>
internal enum AttemptOutcome
{
    /// <summary>A 1xx–3xx answer (or a 2xx stream) relayed to the end.</summary>
    Success,

    /// <summary>A 4xx that says the request is wrong (404, 413, 422, …): it would fail everywhere.</summary>
    NeutralStatus,

    /// <summary>An answer a healthy sibling may serve better: 401/402/403/408/429 or any 5xx.</summary>
    FailoverStatus,

    /// <summary>No response: refused, reset, DNS, TLS, closed before the headers.</summary>
    ConnectFailed,

    /// <summary>No response headers within the header timeout or the request deadline.</summary>
    TimedOut,

    /// <summary>A 2xx stream whose first meaningful event was an error, or that was empty: held back, so replayable.</summary>
    ErrorBeforeContent,

    /// <summary>The answer started reaching the client and then the upstream broke off or went idle.</summary>
    BrokenMidStream,

    /// <summary>The client went away; proves nothing about the upstream.</summary>
    ClientAborted,
}

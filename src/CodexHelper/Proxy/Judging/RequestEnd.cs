namespace CodexHelper.Proxy.Judging;

/// <summary>
/// How a request ended, as its last step saw it: each step returns one, and <see cref="ProxyEndpoint"/> alone turns
/// it into the request's log line (<see cref="RequestRecord.Finish"/>).
/// </summary>
/// <param name="Attempts">The attempts of its failover loop; null when it never got that far.</param>
internal readonly record struct RequestEnd(int Status, string Outcome, string? Error, AttemptLedger? Attempts = null);

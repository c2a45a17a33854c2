namespace CodexHelper.Proxy.Reporting;

/// <summary>Totals for the status endpoint; updated with interlocked adds from concurrent requests.</summary>
internal sealed class ProxyCounters
{
    private long _requests;
    private long _failures;
    private long _failovers;

    public void Request() => Interlocked.Increment(ref _requests);
    public void Failure() => Interlocked.Increment(ref _failures);
    public void Failover() => Interlocked.Increment(ref _failovers);

    public ProxyTotals Snapshot() => new()
    {
        Requests = Interlocked.Read(ref _requests),
        Failures = Interlocked.Read(ref _failures),
        Failovers = Interlocked.Read(ref _failovers),
    };
}

namespace CodexHelper.Routing;

/// <summary>
/// The upstreams one client request may try, handed out one at a time from one <see cref="RouteTable"/>, each at
/// most once. The order is decided at each <see cref="Next"/> (not up front), so an upstream that recovers while
/// the request runs is a fallback for it. Record every attempt through the plan, <see cref="Skip"/> every upstream
/// handed out but not tried, and dispose the plan when the request ends (it frees any probe slot still held).
/// </summary>
internal sealed class RoutePlan : IDisposable
{
    private readonly UpstreamRouter _router;
    private readonly bool[] _tried;

    internal RoutePlan(UpstreamRouter router, long id, RouteTable table, string? session)
    {
        _router = router;
        Id = id;
        Table = table;
        Session = table.SessionAffinity && !string.IsNullOrEmpty(session) ? session : null;
        _tried = new bool[table.Upstreams.Count];
    }

    internal long Id { get; }

    public RouteTable Table { get; }

    /// <summary>The client session the request belongs to, when session affinity applies to it.</summary>
    public string? Session { get; }

    /// <summary>Why the session was served elsewhere than on the upstream of its last turn; null when it stayed (or is new).</summary>
    public string? SessionMoved { get; internal set; }

    /// <summary>Attempts handed out so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>Nothing but upstreams cooling down was left when the request started.</summary>
    public bool IsFallback { get; internal set; }

    internal bool[] Tried => _tried;

    /// <summary>The upstream to try now, or null when none is left that is worth a try.</summary>
    public RoutedUpstream? Next()
    {
        var next = _router.Next(this);
        if (next is not null)
        {
            _tried[next.Priority] = true;
            Attempts++;
        }

        return next;
    }

    /// <summary>Records one attempt's outcome against <paramref name="upstream"/>'s health, as <see cref="FailoverDecision"/> says.</summary>
    public FailoverDecision Record(RoutedUpstream upstream, AttemptResult result)
    {
        var decision = FailoverDecision.For(result.Outcome);
        _router.Record(this, upstream, decision.Record, result);
        return decision;
    }

    /// <summary>
    /// The request passes <paramref name="upstream"/> over without a request (it does not serve the model): its
    /// half-open probe slot, if this plan took it, goes back at once so that another request can probe it.
    /// </summary>
    public void Skip(RoutedUpstream upstream) => _router.ReleaseProbe(this, upstream);

    public void Dispose() => _router.Release(this);
}

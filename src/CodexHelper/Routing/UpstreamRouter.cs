using CodexHelper.Configuration;

namespace CodexHelper.Routing;

/// <summary>
/// The one owner of routing state: the current <see cref="RouteTable"/>, every upstream's health, the sticky
/// choice and the manual overrides. Pure state and a clock; the proxy does the HTTP and records what happened
/// through the plan. Every method is thread-safe; decisions take microseconds under one lock.
/// </summary>
internal sealed class UpstreamRouter(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly SessionAffinity _affinity = new();
    private readonly SessionMoves _moves = new();
    private RouteTable _table = RouteTable.Empty;
    private UpstreamHealth? _sticky;
    private long _nextPlanId;

    internal DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The table of the last <see cref="Configure"/>.</summary>
    public RouteTable Table
    {
        get
        {
            lock (_gate)
            {
                return _table;
            }
        }
    }

    /// <summary>
    /// Makes a new table (config reload). Health, counters, exhaustion marks and manual overrides follow the
    /// base_url, so upstreams that remain keep them and removed ones are forgotten. The sticky choice survives
    /// only if its upstream remains and the config name is unchanged: switching configs means the user wants the
    /// new primary.
    /// </summary>
    public RouteTable Configure(string? configName, IReadOnlyList<UpstreamConfig> upstreams, RoutingOptions options)
    {
        lock (_gate)
        {
            var old = new Dictionary<string, UpstreamHealth>(StringComparer.Ordinal);
            foreach (var u in _table.Upstreams)
            {
                old.TryAdd(u.BaseUrl, u.Health);
            }

            var fresh = new Dictionary<string, UpstreamHealth>(StringComparer.Ordinal);
            var routed = new RoutedUpstream[upstreams.Count];
            for (var i = 0; i < routed.Length; i++)
            {
                var url = upstreams[i].BaseUrl;
                if (!fresh.TryGetValue(url, out var health))
                {
                    health = old.TryGetValue(url, out var kept) ? kept : new UpstreamHealth(url);
                    fresh[url] = health;
                }

                routed[i] = new RoutedUpstream(upstreams[i], health, i);
            }

            if (_sticky is not null && (!fresh.ContainsKey(_sticky.BaseUrl) || configName != _table.ConfigName))
            {
                _sticky = null;
            }

            if (configName != _table.ConfigName || !options.SessionAffinity)
            {
                _affinity.Clear();
            }

            _table = new RouteTable(configName, routed, BreakerSettings.From(options), options.SessionAffinity);
            return _table;
        }
    }

    /// <summary>
    /// A plan over <paramref name="table"/> (the snapshot the request started with), or over the current table, for a
    /// request of client session <paramref name="session"/> (null: none known).
    /// </summary>
    public RoutePlan Plan(RouteTable? table = null, string? session = null)
    {
        lock (_gate)
        {
            return new RoutePlan(this, ++_nextPlanId, table ?? _table, session);
        }
    }

    /// <summary>
    /// The order, decided per attempt: the upstream that served the session's last turn, while healthy; the sticky
    /// last-good upstream (a turn that stays on its session's upstream does not move it); then by priority the ones that are closed or
    /// half-open with a free probe slot (going there takes the slot); then half-open ones whose probe is out (a
    /// recovered upstream is still a fallback); then exhausted ones; then, as the last resort, the ones cooling
    /// down: a request is never answered with an upstream failure while an upstream it has not tried is left.
    /// Disabled upstreams are never tried while another upstream of the table is enabled.
    /// </summary>
    internal RoutedUpstream? Next(RoutePlan plan)
    {
        lock (_gate)
        {
            var now = Now;
            var upstreams = plan.Table.Upstreams;
            var tried = plan.Tried;
            var ignoreDisabled = AllDisabled(upstreams);
            var home = plan.Session is { } session ? _affinity.For(session, now) : null;
            RoutedUpstream? best = null;
            var bestRank = int.MaxValue;
            foreach (var u in upstreams)
            {
                if (tried[u.Priority] || (u.Health.Disabled && !ignoreDisabled))
                {
                    continue;
                }

                var rank = Rank(u.Health, plan, now);
                if (rank <= 1 && u.BaseUrl == home)
                {
                    rank = -1;
                }

                if (rank < bestRank)
                {
                    best = u;
                    bestRank = rank;
                }
            }

            if (best is null)
            {
                return null;
            }

            if (bestRank == FallbackRank && plan.Attempts == 0)
            {
                plan.IsFallback = true;
            }

            if (best.Health.IsHalfOpen(now) && best.Health.ProbeOwner == 0 && (!_sharedProbes || best.Health.ProbeGranted))
            {
                best.Health.ProbeOwner = plan.Id;
            }

            return best;
        }
    }

    private const int FallbackRank = 4;

    private int Rank(UpstreamHealth h, RoutePlan plan, DateTimeOffset now)
    {
        if (h.IsCoolingDown(now))
        {
            return FallbackRank;
        }

        if (h.Exhausted)
        {
            return 3;
        }

        // Probe out here, or (replicas sharing state) granted to another replica: a fallback until its result is known.
        if (h.IsHalfOpen(now) && ((h.ProbeOwner != 0 && h.ProbeOwner != plan.Id) || (_sharedProbes && !h.ProbeGranted && h.ProbeOwner != plan.Id)))
        {
            return 2;
        }

        return h == _sticky ? 0 : 1;
    }

    /// <summary>Why a session whose last turn was on <paramref name="home"/> is served by <paramref name="served"/>; null when it stayed or is new.</summary>
    private string? WhyMoved(RoutePlan plan, string? home, RoutedUpstream served)
    {
        if (home is null || home == served.BaseUrl)
        {
            return null;
        }

        var previous = plan.Table.Upstreams.FirstOrDefault(u => u.BaseUrl == home);
        if (previous is null)
        {
            return "previous upstream no longer configured";
        }

        var h = previous.Health;
        return plan.Tried[previous.Priority] ? "previous upstream failed"
            : h.Disabled ? "previous upstream disabled"
            : h.IsCoolingDown(Now) ? "previous upstream cooling down"
            : h.Exhausted ? "previous upstream exhausted"
            : "previous upstream probing after a cooldown";
    }

    private static bool AllDisabled(IReadOnlyList<RoutedUpstream> upstreams)
    {
        foreach (var u in upstreams)
        {
            if (!u.Health.Disabled)
            {
                return false;
            }
        }

        return true;
    }

    internal void Record(RoutePlan plan, RoutedUpstream upstream, HealthEffect effect, AttemptResult result)
    {
        lock (_gate)
        {
            upstream.Health.Apply(effect, result, Now, plan.Table.Breaker, plan.Id);
            if (effect != HealthEffect.Neutral && Reported is { } report)
            {
                var h = upstream.Health;
                report(new HealthReport(h.BaseUrl, effect == HealthEffect.Success,
                    effect == HealthEffect.Failure && h.Tripped ? h.CooldownUntil.ToUnixTimeMilliseconds() : 0,
                    plan.Table.Breaker.FailureThreshold, plan.Table.Breaker.CooldownSecs));
            }

            if (effect == HealthEffect.Success && InCurrentTable(upstream.Health))
            {
                var home = plan.Session is { } session ? _affinity.For(session, Now) : null;
                if (home != upstream.BaseUrl)
                {
                    // A session kept on its own upstream says nothing about where new sessions should go.
                    _sticky = upstream.Health;
                }

                if (plan.Session is { } s)
                {
                    plan.SessionMoved = WhyMoved(plan, home, upstream);
                    if (plan.SessionMoved is { } reason)
                    {
                        _moves.Add(new SessionMove { At = Now, Session = SessionMove.ShortId(s), From = home!, To = upstream.BaseUrl, Reason = reason });
                    }

                    _affinity.Served(s, upstream.BaseUrl, Now);
                }
            }
        }
    }

    internal void ReleaseProbe(RoutePlan plan, RoutedUpstream upstream)
    {
        lock (_gate)
        {
            if (upstream.Health.ProbeOwner == plan.Id)
            {
                upstream.Health.ProbeOwner = 0;
            }
        }
    }

    internal void Release(RoutePlan plan)
    {
        lock (_gate)
        {
            foreach (var u in plan.Table.Upstreams)
            {
                if (u.Health.ProbeOwner == plan.Id)
                {
                    u.Health.ProbeOwner = 0;
                }
            }
        }
    }

    /// <summary>Marks (or clears) a usage provider's verdict. Unknown base URLs are ignored.</summary>
    public void SetExhausted(string baseUrl, bool exhausted) => Mutate(baseUrl, h => h.Exhausted = exhausted);

    /// <summary>
    /// Manual override: a disabled upstream is out of rotation (never tried while another upstream of the active
    /// config is enabled) until enabled again. False when no upstream has that base_url.
    /// </summary>
    public bool SetDisabled(string baseUrl, bool disabled) => Mutate(baseUrl, h => h.Disabled = disabled);

    /// <summary>Manual override: ends a cooldown (or half-open state) at once, as if the upstream had just answered well.</summary>
    public bool ClearCooldown(string baseUrl) => Mutate(baseUrl, h => h.ClearBreaker());

    /// <summary>
    /// For replicas sharing health (a shared store mirrors it): called under the lock after every success and
    /// failure, so it must only queue.
    /// </summary>
    public Action<HealthReport>? Reported { get; set; }

    /// <summary>
    /// While a shared store is reachable, a half-open upstream is probed only where the store granted the probe
    /// (<see cref="UpstreamHealth.ProbeGranted"/>); elsewhere it ranks like a probe already out.
    /// </summary>
    internal bool SharedProbes
    {
        set
        {
            lock (_gate)
            {
                _sharedProbes = value;
            }
        }
    }

    private bool _sharedProbes;

    internal bool Mutate(string baseUrl, Action<UpstreamHealth> change)
    {
        lock (_gate)
        {
            var found = false;
            foreach (var u in _table.Upstreams)
            {
                if (u.BaseUrl == baseUrl)
                {
                    change(u.Health);
                    found = true;
                }
            }

            return found;
        }
    }

    /// <summary>One entry per configured upstream, in config order.</summary>
    public IReadOnlyList<UpstreamStatus> Snapshot()
    {
        lock (_gate)
        {
            var now = Now;
            return [.. _table.Upstreams.Select(u => u.Health.ToStatus(now) with { Protocol = u.Config.Protocol })];
        }
    }

    /// <summary>Session affinity now: on or off, the sessions it holds, the last moves.</summary>
    public SessionsStatus Sessions()
    {
        lock (_gate)
        {
            return new SessionsStatus
            {
                Affinity = _table.SessionAffinity,
                Pinned = _affinity.Pinned(Now),
                Moves = _moves.Total,
                RecentMoves = _moves.Newest(),
            };
        }
    }

    private bool InCurrentTable(UpstreamHealth health)
    {
        foreach (var u in _table.Upstreams)
        {
            if (u.Health == health)
            {
                return true;
            }
        }

        return false;
    }
}

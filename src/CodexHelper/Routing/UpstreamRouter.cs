using CodexHelper.Configuration;

namespace CodexHelper.Routing;

/// <summary>
/// Chooses upstreams for the active config and keeps their health. Pure state and a clock; the proxy does
/// the HTTP and reports what happened. Every method is thread-safe; decisions take microseconds under one lock.
/// </summary>
internal sealed partial class UpstreamRouter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private RoutingOptions _options;
    private string? _configName;
    private string[] _baseUrls = [];
    private UpstreamHealth[] _states = [];
    private UpstreamHealth? _sticky;
    private long _nextPlanId;

    public UpstreamRouter(RoutingOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
    }

    public string? ConfigName
    {
        get
        {
            lock (_gate)
            {
                return _configName;
            }
        }
    }

    /// <summary>The configured upstream list that indices refer to.</summary>
    public IReadOnlyList<string> BaseUrls
    {
        get
        {
            lock (_gate)
            {
                return _baseUrls;
            }
        }
    }

    internal DateTimeOffset Now => _clock.GetUtcNow();

    internal RoutingOptions Options
    {
        get
        {
            lock (_gate)
            {
                return _options;
            }
        }
    }

    /// <summary>
    /// Replaces the upstream list (config reload). Health, counters and exhaustion marks follow the base_url, so
    /// upstreams that remain keep them and removed ones are forgotten. The sticky choice survives only if its
    /// upstream remains and the config name is unchanged: switching configs means the user wants the new primary.
    /// </summary>
    public void Configure(string? configName, IReadOnlyList<string> upstreamBaseUrls, RoutingOptions options)
    {
        lock (_gate)
        {
            var old = new Dictionary<string, UpstreamHealth>(StringComparer.Ordinal);
            foreach (var s in _states)
            {
                old.TryAdd(s.BaseUrl, s);
            }

            var states = new UpstreamHealth[upstreamBaseUrls.Count];
            var fresh = new Dictionary<string, UpstreamHealth>(StringComparer.Ordinal);
            for (var i = 0; i < states.Length; i++)
            {
                var url = upstreamBaseUrls[i];
                if (!fresh.TryGetValue(url, out var state))
                {
                    state = old.TryGetValue(url, out var kept) ? kept : new UpstreamHealth(url);
                    fresh[url] = state;
                }

                states[i] = state;
            }

            if (_sticky is not null && (!fresh.ContainsKey(_sticky.BaseUrl) || configName != _configName))
            {
                _sticky = null;
            }

            _configName = configName;
            _baseUrls = [.. upstreamBaseUrls];
            _states = states;
            _options = options;
        }
    }

    /// <summary>
    /// Order for one client request: the sticky last-good upstream, then the others by priority; upstreams that are
    /// cooling down (or whose half-open probe is taken) are left out; exhausted ones come last. A half-open upstream
    /// is given to this plan only (its probe). When nothing is available, all upstreams in priority order.
    /// </summary>
    public RoutePlan Plan()
    {
        lock (_gate)
        {
            var now = Now;
            var id = ++_nextPlanId;
            var ready = new List<int>(_states.Length);
            var exhausted = new List<int>();
            var probes = new List<int>();
            for (var i = 0; i < _states.Length; i++)
            {
                var s = _states[i];
                if (s.IsCoolingDown(now) || (s.IsHalfOpen(now) && (s.ProbeOwner != 0 || (_sharedProbes && !s.ProbeGranted))))
                {
                    continue;
                }

                if (s.IsHalfOpen(now))
                {
                    s.ProbeOwner = id;
                    probes.Add(i);
                }

                (s.Exhausted ? exhausted : ready).Add(i);
            }

            var stickyAt = _sticky is null ? -1 : ready.FindIndex(i => _states[i] == _sticky);
            if (stickyAt > 0)
            {
                var i = ready[stickyAt];
                ready.RemoveAt(stickyAt);
                ready.Insert(0, i);
            }

            ready.AddRange(exhausted);
            var fallback = ready.Count == 0 && _states.Length > 0;
            int[] candidates = fallback ? [.. Enumerable.Range(0, _states.Length)] : [.. ready];
            return new RoutePlan(this, id, _configName, _baseUrls, _states, candidates, [.. probes], fallback);
        }
    }

    /// <summary>Any non-failure answer. Closes the breaker and makes the upstream the sticky choice.</summary>
    public void ReportSuccess(int index, int? statusCode = null) => Success(Current(index), statusCode);

    /// <summary>
    /// Counts toward the failure threshold. A <paramref name="retryAfter"/> above zero cools the upstream down at once
    /// for at least that long, even below the threshold. A failed half-open probe starts a new cooldown.
    /// </summary>
    public void ReportFailure(int index, int? statusCode, string error, TimeSpan? retryAfter) =>
        Failure(Current(index), statusCode, error, retryAfter);

    /// <summary>A 4xx that is the client's fault: counted as a request, health unchanged; frees the probe slot.</summary>
    public void ReportNeutral(int index, int statusCode) => Neutral(null, Current(index), statusCode);

    /// <summary>The client went away mid-attempt: counted as a request, health unchanged; frees the probe slot.</summary>
    public void ReportAbandoned(int index) => Abandoned(null, Current(index));

    /// <summary>Marks (or clears) a usage provider's verdict. Unknown base URLs are ignored.</summary>
    public void SetExhausted(string baseUrl, bool exhausted)
    {
        lock (_gate)
        {
            foreach (var s in _states)
            {
                if (s.BaseUrl == baseUrl)
                {
                    s.Exhausted = exhausted;
                }
            }
        }
    }

    /// <summary>One entry per configured upstream, in config order.</summary>
    public IReadOnlyList<UpstreamStatus> Snapshot()
    {
        lock (_gate)
        {
            var now = Now;
            return [.. _states.Select(s => s.ToStatus(now))];
        }
    }

    // The plan-less overloads (plan == null) resolve the index against the current list and free any probe slot;
    // reports through a plan use the state captured at planning time and free only that plan's slot.
    internal void Success(UpstreamHealth? state, int? statusCode)
    {
        lock (_gate)
        {
            if (state is null)
            {
                return;
            }

            state.RecordSuccess(Now, statusCode);
            Reported?.Invoke(new HealthReport(state.BaseUrl, true, 0, _options.FailureThreshold, _options.CooldownSecs));

            if (Array.IndexOf(_states, state) >= 0)
            {
                _sticky = state;
            }
        }
    }

    internal void Failure(UpstreamHealth? state, int? statusCode, string error, TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            if (state is null)
            {
                return;
            }

            state.RecordFailure(Now, statusCode, error, retryAfter, _options);
            Reported?.Invoke(new HealthReport(state.BaseUrl, false, state.Tripped ? state.CooldownUntil.ToUnixTimeMilliseconds() : 0,
                _options.FailureThreshold, _options.CooldownSecs));
        }
    }

    internal void Neutral(RoutePlan? plan, UpstreamHealth? state, int statusCode)
    {
        lock (_gate)
        {
            if (state is not null)
            {
                state.RecordNeutral(Now, statusCode);
                FreeProbe(plan, state);
            }
        }
    }

    internal void Abandoned(RoutePlan? plan, UpstreamHealth? state)
    {
        lock (_gate)
        {
            if (state is not null)
            {
                state.RecordAbandoned(Now);
                FreeProbe(plan, state);
            }
        }
    }

    internal void Release(RoutePlan plan, IEnumerable<UpstreamHealth> probes)
    {
        lock (_gate)
        {
            foreach (var s in probes)
            {
                if (s.ProbeOwner == plan.Id)
                {
                    s.ProbeOwner = 0;
                }
            }
        }
    }

    private static void FreeProbe(RoutePlan? plan, UpstreamHealth state)
    {
        if (plan is null || state.ProbeOwner == plan.Id)
        {
            state.ProbeOwner = 0;
        }
    }

    private UpstreamHealth? Current(int index)
    {
        lock (_gate)
        {
            return (uint)index < (uint)_states.Length ? _states[index] : null;
        }
    }
}

namespace CodexHelper.Routing;

/// <summary>
/// The upstreams one client request should try, in order, at most once each. Report every attempt through
/// the plan (it credits the right upstream even if the config is reloaded meanwhile) and dispose the plan
/// when the request ends, which frees any half-open probe slot it claimed but never used.
/// </summary>
internal sealed class RoutePlan : IDisposable
{
    private readonly UpstreamRouter _router;
    private readonly UpstreamHealth[] _states;
    private readonly int[] _probes;

    internal RoutePlan(UpstreamRouter router, long id, string? configName, IReadOnlyList<string> baseUrls,
        UpstreamHealth[] states, int[] candidates, int[] probes, bool isFallback)
    {
        _router = router;
        Id = id;
        ConfigName = configName;
        BaseUrls = baseUrls;
        _states = states;
        Candidates = candidates;
        _probes = probes;
        IsFallback = isFallback;
    }

    internal long Id { get; }

    /// <summary>Indices into <see cref="BaseUrls"/>, best first. Never empty while at least one upstream is configured.</summary>
    public IReadOnlyList<int> Candidates { get; }

    /// <summary>The upstream list (config order) that <see cref="Candidates"/> index into, as it was when the plan was made.</summary>
    public IReadOnlyList<string> BaseUrls { get; }

    public string? ConfigName { get; }

    /// <summary>Every upstream was cooling down or being probed, so all of them are offered in priority order.</summary>
    public bool IsFallback { get; }

    /// <summary>Candidates that are half-open: this request is their single probe.</summary>
    public IReadOnlyList<int> Probes => _probes;

    public void ReportSuccess(int index, int? statusCode = null) => _router.Success(State(index), statusCode);

    public void ReportFailure(int index, int? statusCode, string error, TimeSpan? retryAfter) =>
        _router.Failure(State(index), statusCode, error, retryAfter);

    public void ReportNeutral(int index, int statusCode) => _router.Neutral(this, State(index), statusCode);

    public void ReportAbandoned(int index) => _router.Abandoned(this, State(index));

    public void Dispose() => _router.Release(this, _probes.Select(State));

    private UpstreamHealth State(int index) =>
        (uint)index < (uint)_states.Length ? _states[index] : throw new ArgumentOutOfRangeException(nameof(index), index, "not an index of this plan's upstream list");
}

namespace CodexHelper.Routing;

/// <summary>
/// The seam for replicas that share health through a store (Redis): every breaker change is reported, and the
/// store's view is merged back. While the store is reachable a half-open upstream is probed only by the replica
/// the store granted the probe to; the others skip it, as they would skip a probe already out here.
/// </summary>
internal sealed partial class UpstreamRouter : ISharedHealthTarget
{
    private bool _sharedProbes;

    /// <summary>Called under the router's lock after every success and failure: keep it a queue write (the store drops what changes nothing).</summary>
    public Action<HealthReport>? Reported { get; set; }

    IReadOnlyList<string> ISharedHealthTarget.BaseUrls => [.. Table.Upstreams.Select(u => u.BaseUrl).Distinct(StringComparer.Ordinal)];

    public void Import(string baseUrl, SharedHealth shared, DateTimeOffset now) => ForEach(baseUrl, s => s.ImportShared(shared));

    public bool WantsProbe(string baseUrl, DateTimeOffset now)
    {
        var wants = false;
        ForEach(baseUrl, s => wants |= s.IsHalfOpen(now) && !s.ProbeGranted);
        return wants;
    }

    public void GrantProbe(string baseUrl, bool granted) => ForEach(baseUrl, s => s.ProbeGranted = granted);

    public void SetShared(bool shared)
    {
        lock (_gate)
        {
            _sharedProbes = shared;
        }
    }

    private void ForEach(string baseUrl, Action<UpstreamHealth> change)
    {
        lock (_gate)
        {
            foreach (var u in _table.Upstreams)
            {
                if (u.BaseUrl == baseUrl)
                {
                    change(u.Health);
                }
            }
        }
    }
}

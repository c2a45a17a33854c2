namespace CodexHelper.Routing;

/// <summary>
/// The router as a shared store (Redis) sees it: the upstreams to mirror, the store's view merged into each breaker,
/// and the cross-replica half-open probe granted or withdrawn. Breaker changes flow the other way through
/// <see cref="UpstreamRouter.Reported"/>.
/// </summary>
internal sealed class SharedHealthTarget(UpstreamRouter router) : ISharedHealthTarget
{
    public IReadOnlyList<string> Ids => [.. router.Table.Upstreams.Select(u => u.Id).Distinct(StringComparer.Ordinal)];

    public void Import(string id, SharedHealth shared, DateTimeOffset now) => router.Mutate(id, h => h.ImportShared(shared));

    public SharedHealth Local(string id, DateTimeOffset now)
    {
        SharedHealth local = default;
        router.Mutate(id, h =>
        {
            var until = h.IsCoolingDown(now) ? h.CooldownUntil.ToUnixTimeMilliseconds() : 0;
            if (until > local.CooldownUntilMs || h.ConsecutiveFailures > local.Failures)
            {
                local = new SharedHealth(Math.Max(local.Failures, h.ConsecutiveFailures), Math.Max(local.CooldownUntilMs, until), h.Exhausted);
            }
        });
        return local;
    }

    public bool WantsProbe(string id, DateTimeOffset now)
    {
        var wants = false;
        router.Mutate(id, h => wants |= h.IsHalfOpen(now) && !h.ProbeGranted);
        return wants;
    }

    public void GrantProbe(string id, bool granted) => router.Mutate(id, h => h.ProbeGranted = granted);

    public void SetShared(bool shared) => router.SharedProbes = shared;
}

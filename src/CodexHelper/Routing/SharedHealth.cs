namespace CodexHelper.Routing;

/// <summary>
/// One upstream's health as every replica sees it in Redis: consecutive failures across replicas, the end of the
/// cooldown (Unix ms, 0 = closed), and a usage provider's exhausted mark.
/// </summary>
internal readonly record struct SharedHealth(long Failures, long CooldownUntilMs, bool Exhausted)
{
    public bool IsClean => Failures == 0 && CooldownUntilMs == 0;
}

/// <summary>A health change this replica saw, to be mirrored into Redis; <c>Id</c> is the upstream's <see cref="RoutedUpstream.Id"/>.</summary>
internal readonly record struct HealthReport(string Id, bool Success, long CooldownUntilMs, int FailureThreshold, double CooldownSecs);

/// <summary>
/// The routing state that the shared store mirrors, seen from the store: which upstreams exist, importing what the
/// other replicas saw, and the cross-replica half-open probe (granted to this replica only while it holds the lock key).
/// </summary>
internal interface ISharedHealthTarget
{
    /// <summary>The upstreams' ids (<see cref="RoutedUpstream.Id"/>: the base_url unless two share it), each once.</summary>
    IReadOnlyList<string> Ids { get; }

    /// <summary>Merges the shared view into the local breaker (a longer cooldown wins; a clean view after a trip closes it).</summary>
    void Import(string id, SharedHealth shared, DateTimeOffset now);

    /// <summary>
    /// This replica's own breaker as a shared view: its consecutive failures and, while cooling down at
    /// <paramref name="now"/>, the cooldown end (else 0).
    /// </summary>
    SharedHealth Local(string id, DateTimeOffset now);

    /// <summary>True while the upstream is half-open here and this replica has no probe grant yet.</summary>
    bool WantsProbe(string id, DateTimeOffset now);

    void GrantProbe(string id, bool granted);

    /// <summary>Redis unreachable: decide alone (every replica may probe) until it is back.</summary>
    void SetShared(bool shared);
}

using CodexHelper.Configuration;

namespace CodexHelper.Routing;

/// <summary>
/// Everything the proxy knows about one upstream's health, keyed by its base_url, in plain fields so that a
/// gateway replicas' shared store (SharedState) can mirror it. Mutated only under <see cref="UpstreamRouter"/>'s lock.
/// Closed → (failure_threshold consecutive failures, or a Retry-After) → cooling down → (cooldown over) →
/// half-open: usable, and the first request that actually goes there holds the probe slot; a success closes
/// the breaker, a failure starts a new cooldown.
/// </summary>
internal sealed class UpstreamHealth(string baseUrl)
{
    public string BaseUrl { get; } = baseUrl;
    public int ConsecutiveFailures { get; private set; }

    /// <summary>The breaker opened and no success has been seen since; with the cooldown over this means half-open.</summary>
    public bool Tripped { get; private set; }

    public DateTimeOffset CooldownUntil { get; private set; }

    /// <summary>Id of the plan whose attempt is the half-open probe; 0 when free.</summary>
    public long ProbeOwner { get; set; }

    /// <summary>A usage provider says the balance is spent.</summary>
    public bool Exhausted { get; set; }

    /// <summary>A person took the upstream out of rotation (<see cref="UpstreamRouter.SetDisabled"/>).</summary>
    public bool Disabled { get; set; }

    /// <summary>Replicas sharing state: this one holds the cross-replica probe lock of this half-open upstream.</summary>
    public bool ProbeGranted { get; set; }

    public long Requests { get; private set; }
    public long Failures { get; private set; }
    public string? LastError { get; private set; }
    public int? LastStatus { get; private set; }
    public DateTimeOffset? LastUsed { get; private set; }

    public bool IsCoolingDown(DateTimeOffset now) => Tripped && now < CooldownUntil;

    public bool IsHalfOpen(DateTimeOffset now) => Tripped && now >= CooldownUntil;

    /// <summary>The state transition for one attempt's <paramref name="effect"/> at <paramref name="now"/>.</summary>
    public void Apply(HealthEffect effect, AttemptResult result, DateTimeOffset now, BreakerSettings breaker, long planId)
    {
        Requests++;
        LastUsed = now;
        switch (effect)
        {
            case HealthEffect.Success:
                LastStatus = result.Status ?? LastStatus;
                ClearBreaker();
                break;
            case HealthEffect.Failure:
                RecordFailure(now, result, breaker);
                break;
            default:
                LastStatus = result.Status ?? LastStatus;
                if (ProbeOwner == planId)
                {
                    ProbeOwner = 0;
                }

                break;
        }
    }

    /// <summary>A manual "clear cooldown": back to closed, as after a success, without counting a request.</summary>
    public void ClearBreaker()
    {
        ConsecutiveFailures = 0;
        Tripped = false;
        CooldownUntil = default;
        ProbeOwner = 0;
        ProbeGranted = false;
    }

    /// <summary>
    /// What the other replicas saw (Redis): a later cooldown end wins, failures count together, and a clean shared
    /// view after a trip means another replica's probe succeeded, so the breaker closes here too.
    /// </summary>
    public void ImportShared(SharedHealth shared)
    {
        Exhausted = shared.Exhausted;
        if (shared.CooldownUntilMs > 0)
        {
            var until = DateTimeOffset.FromUnixTimeMilliseconds(shared.CooldownUntilMs);
            if (!Tripped || until > CooldownUntil)
            {
                Tripped = true;
                CooldownUntil = until;
                ProbeGranted = false;
            }

            ConsecutiveFailures = (int)Math.Max(ConsecutiveFailures, Math.Min(shared.Failures, int.MaxValue));
        }
        else if (shared.IsClean && Tripped)
        {
            ClearBreaker();
        }
    }

    private void RecordFailure(DateTimeOffset now, AttemptResult result, BreakerSettings breaker)
    {
        Failures++;
        LastStatus = result.Status;
        LastError = result.Error;
        ConsecutiveFailures++;
        var wasHalfOpen = IsHalfOpen(now);
        ProbeOwner = 0;
        ProbeGranted = false;

        var until = DateTimeOffset.MinValue;
        // A failure while half-open means the upstream is still broken: back to a full cooldown without waiting for the threshold again.
        if (wasHalfOpen || ConsecutiveFailures >= breaker.FailureThreshold)
        {
            until = now + breaker.Cooldown;
        }

        // The upstream told us how long to stay away: honour it at once, even below the threshold.
        if (result.RetryAfter is { } wait && wait > TimeSpan.Zero && now + wait > until)
        {
            until = now + wait;
        }

        if (until != DateTimeOffset.MinValue)
        {
            Tripped = true;
            CooldownUntil = until > CooldownUntil ? until : CooldownUntil;
        }
    }

    public UpstreamStatus ToStatus(DateTimeOffset now)
    {
        var state = IsCoolingDown(now) ? "cooling_down" : IsHalfOpen(now) ? "half_open" : Exhausted ? "exhausted" : "ok";
        return new UpstreamStatus
        {
            BaseUrl = BaseUrl,
            State = state,
            Manual = Disabled ? "disabled" : null,
            ConsecutiveFailures = ConsecutiveFailures,
            CooldownRemainingS = IsCoolingDown(now) ? Math.Round((CooldownUntil - now).TotalSeconds, 1) : 0,
            LastError = LastError,
            LastStatus = LastStatus,
            Requests = Requests,
            Failures = Failures,
            LastUsed = LastUsed,
        };
    }
}

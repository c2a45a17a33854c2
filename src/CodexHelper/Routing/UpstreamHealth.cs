using CodexHelper.Configuration;

namespace CodexHelper.Routing;

/// <summary>
/// The breaker of one upstream, keyed by its base_url. Mutated only under <see cref="UpstreamRouter"/>'s lock.
/// Closed → (failure_threshold consecutive failures, or a Retry-After) → cooling down → (cooldown over) →
/// half-open: one probe request; its success closes the breaker, its failure starts a new cooldown.
/// </summary>
internal sealed class UpstreamHealth(string baseUrl)
{
    public string BaseUrl { get; } = baseUrl;
    public int ConsecutiveFailures { get; private set; }

    /// <summary>The breaker opened and no success has been seen since; with the cooldown over this means half-open.</summary>
    public bool Tripped { get; private set; }

    public DateTimeOffset CooldownUntil { get; private set; }

    /// <summary>Id of the plan that holds the half-open probe slot; 0 when free.</summary>
    public long ProbeOwner { get; set; }

    public bool Exhausted { get; set; }

    /// <summary>Replicas sharing state: this one holds the cross-replica probe lock of this half-open upstream.</summary>
    public bool ProbeGranted { get; set; }
    public long Requests { get; private set; }
    public long Failures { get; private set; }
    public string? LastError { get; private set; }
    public int? LastStatus { get; private set; }
    public DateTimeOffset? LastUsed { get; private set; }

    public bool IsCoolingDown(DateTimeOffset now) => Tripped && now < CooldownUntil;

    public bool IsHalfOpen(DateTimeOffset now) => Tripped && now >= CooldownUntil;

    public void RecordSuccess(DateTimeOffset now, int? statusCode)
    {
        Count(now);
        if (statusCode is { } s)
        {
            LastStatus = s;
        }

        ConsecutiveFailures = 0;
        Tripped = false;
        CooldownUntil = default;
        ProbeOwner = 0;
        ProbeGranted = false;
    }

    public void RecordFailure(DateTimeOffset now, int? statusCode, string error, TimeSpan? retryAfter, RoutingOptions options)
    {
        Count(now);
        Failures++;
        LastStatus = statusCode;
        LastError = error;
        ConsecutiveFailures++;
        var wasHalfOpen = IsHalfOpen(now);
        ProbeOwner = 0;
        ProbeGranted = false;

        var until = DateTimeOffset.MinValue;
        // A failed probe means the upstream is still broken: back to a full cooldown without waiting for the threshold again.
        if (wasHalfOpen || ConsecutiveFailures >= options.FailureThreshold)
        {
            until = now + TimeSpan.FromSeconds(options.CooldownSecs);
        }

        // The upstream told us how long to stay away: honour it at once, even below the threshold.
        if (retryAfter is { } wait && wait > TimeSpan.Zero && now + wait > until)
        {
            until = now + wait;
        }

        if (until != DateTimeOffset.MinValue)
        {
            Tripped = true;
            CooldownUntil = until > CooldownUntil ? until : CooldownUntil;
        }
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
            ConsecutiveFailures = 0;
            Tripped = false;
            CooldownUntil = default;
            ProbeOwner = 0;
            ProbeGranted = false;
        }
    }

    /// <summary>The upstream answered, but the request was wrong: it proves nothing about the upstream's health.</summary>
    public void RecordNeutral(DateTimeOffset now, int statusCode)
    {
        Count(now);
        LastStatus = statusCode;
    }

    public void RecordAbandoned(DateTimeOffset now) => Count(now);

    public UpstreamStatus ToStatus(DateTimeOffset now)
    {
        var state = IsCoolingDown(now) ? "cooling_down" : IsHalfOpen(now) ? "half_open" : Exhausted ? "exhausted" : "ok";
        return new UpstreamStatus
        {
            BaseUrl = BaseUrl,
            State = state,
            ConsecutiveFailures = ConsecutiveFailures,
            CooldownRemainingS = IsCoolingDown(now) ? Math.Round((CooldownUntil - now).TotalSeconds, 1) : 0,
            LastError = LastError,
            LastStatus = LastStatus,
            Requests = Requests,
            Failures = Failures,
            LastUsed = LastUsed,
        };
    }

    private void Count(DateTimeOffset now)
    {
        Requests++;
        LastUsed = now;
    }
}

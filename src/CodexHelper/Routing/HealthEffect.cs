namespace CodexHelper.Routing;

/// <summary>What one attempt does to its upstream's breaker.</summary>
internal enum HealthEffect
{
    /// <summary>Closes the breaker and makes the upstream the sticky choice.</summary>
    Success,

    /// <summary>Counts toward the threshold; a failed half-open upstream cools down again at once.</summary>
    Failure,

    /// <summary>Counted as a request; health unchanged; frees this request's probe slot.</summary>
    Neutral,
}

namespace CodexHelper.Configuration;

/// <summary>
/// The time bounds one request runs under. A request takes them from the config snapshot it started with, so an
/// edit of config.json applies from the next request on and never changes a request under way.
/// </summary>
internal sealed record RequestTimeouts(double HeaderSecs, double IdleSecs, double FirstEventSecs, double KeepaliveSecs, double DeadlineSecs)
{
    public static RequestTimeouts From(RoutingOptions routing) =>
        new(routing.HeaderTimeoutSecs, routing.IdleTimeoutSecs, routing.FirstEventTimeoutSecs, routing.KeepaliveSecs, routing.RequestDeadlineSecs);

    public TimeSpan Header => TimeSpan.FromSeconds(HeaderSecs);

    public TimeSpan Idle => TimeSpan.FromSeconds(IdleSecs);

    /// <summary>The first-event hold is bounded by the idle timeout too: holding longer would be silence the relay ends anyway.</summary>
    public TimeSpan FirstEventHold => TimeSpan.FromSeconds(Math.Min(FirstEventSecs, IdleSecs));

    /// <summary>Null when keepalives are off (<c>keepalive_secs</c> 0).</summary>
    public TimeSpan? Keepalive => KeepaliveSecs > 0 ? TimeSpan.FromSeconds(KeepaliveSecs) : null;
}

namespace CodexHelper.Configuration;

/// <summary>
/// When an upstream's breaker opens and for how long. The router's table carries them, so a reload applies to the
/// next failure recorded; the health an upstream has gathered survives the reload.
/// </summary>
internal sealed record BreakerSettings(int FailureThreshold, double CooldownSecs)
{
    public static BreakerSettings From(RoutingOptions routing) => new(routing.FailureThreshold, routing.CooldownSecs);

    public TimeSpan Cooldown => TimeSpan.FromSeconds(CooldownSecs);
}

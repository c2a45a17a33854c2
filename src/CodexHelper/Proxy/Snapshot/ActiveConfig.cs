using CodexHelper.Configuration;
using CodexHelper.Routing;

namespace CodexHelper.Proxy.Snapshot;

/// <summary>
/// What one service's proxy forwards to right now: the active config's upstreams and the routing knobs, the latter
/// also as the views each stage reads (<see cref="Intake"/>, <see cref="Timeouts"/>; the breaker's are in
/// <see cref="Routes"/>). <see cref="Routing"/> itself is read only where config.json is compared and for the
/// restart-only <c>connect_timeout_secs</c>.
/// </summary>
internal sealed record ActiveConfig(
    string? ConfigName,
    IReadOnlyList<UpstreamConfig> Upstreams,
    RoutingOptions Routing,
    string? Problem)
{
    /// <summary>The router's table for exactly this snapshot: a request plans over it and nothing else.</summary>
    public RouteTable Routes { get; init; } = RouteTable.Empty;

    /// <summary>Step 1's bounds for this snapshot's requests.</summary>
    public IntakeLimits Intake { get; } = IntakeLimits.From(Routing);

    /// <summary>The time bounds of this snapshot's requests (steps 3–5).</summary>
    public RequestTimeouts Timeouts { get; } = RequestTimeouts.From(Routing);

    /// <param name="file">config.json's path, named in the problem a hand edit can cause.</param>
    public static ActiveConfig From(HelperConfig? config, ServiceKind kind, string file = "config.json")
    {
        if (config is null)
        {
            return new ActiveConfig(null, [], RoutingOptions.Default,
                $"no codex-helper config yet: add an upstream with `codex-helper config add NAME --base-url URL --auth-token KEY{(kind == ServiceKind.Claude ? " --claude" : "")}`");
        }

        var routing = config.Routing ?? RoutingOptions.Default;
        var section = config.Section(kind);
        if (ConfigValidator.DanglingActive(section, kind, file) is { } dangling)
        {
            // Forwarding to some other config (and key) than the one the user named would be a silent surprise.
            return new ActiveConfig(null, [], routing, dangling);
        }

        var active = section.ActiveConfig;
        if (active is null)
        {
            return new ActiveConfig(null, [], routing,
                $"no {kind.Name()} config in config.json: add one with `codex-helper config add NAME --base-url URL --auth-token KEY{(kind == ServiceKind.Claude ? " --claude" : "")}`");
        }

        if (active.Upstreams.Count == 0)
        {
            return new ActiveConfig(active.Name, [], routing,
                $"config '{active.Name}' has no upstreams: add one with `codex-helper config add-upstream {active.Name} --base-url URL`");
        }

        return new ActiveConfig(active.Name, active.Upstreams, routing, null);
    }
}

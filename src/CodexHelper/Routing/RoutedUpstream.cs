using CodexHelper.Configuration;

namespace CodexHelper.Routing;

/// <summary>One upstream of one config snapshot, carrying the health handle its attempts are recorded against.</summary>
internal sealed class RoutedUpstream(UpstreamConfig config, UpstreamHealth health, int priority)
{
    public UpstreamConfig Config { get; } = config;
    public UpstreamHealth Health { get; } = health;

    /// <summary>Position in the config's upstream list (0 = first choice).</summary>
    public int Priority { get; } = priority;

    public string BaseUrl => Config.BaseUrl;

    /// <summary>
    /// What health, overrides, quota marks and reports know it by: its base_url, unless another upstream of the same
    /// snapshot shares that (<see cref="UpstreamIdentity"/>). Fixed for the snapshot.
    /// </summary>
    public string Id { get; } = health.Id;
}

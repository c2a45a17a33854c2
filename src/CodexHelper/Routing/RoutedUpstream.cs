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
}

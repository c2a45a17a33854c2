using CodexHelper.Configuration;

namespace CodexHelper.Routing;

/// <summary>
/// One config snapshot as the router sees it: its upstreams (with their health handles) and routing knobs.
/// A request plans over the table it started with, so a reload mid-request changes nothing for it.
/// </summary>
internal sealed class RouteTable(string? configName, IReadOnlyList<RoutedUpstream> upstreams, RoutingOptions options)
{
    public static RouteTable Empty { get; } = new(null, [], RoutingOptions.Default);

    public string? ConfigName { get; } = configName;
    public IReadOnlyList<RoutedUpstream> Upstreams { get; } = upstreams;
    public RoutingOptions Options { get; } = options;
}

using CodexHelper.Configuration;

namespace CodexHelper.Routing;

/// <summary>
/// One config snapshot as the router sees it: its upstreams (with their health handles), breaker settings and affinity switch.
/// A request plans over the table it started with, so a reload mid-request changes nothing for it.
/// </summary>
internal sealed class RouteTable(string? configName, IReadOnlyList<RoutedUpstream> upstreams, BreakerSettings breaker, bool sessionAffinity)
{
    public static RouteTable Empty { get; } = new(null, [], BreakerSettings.From(RoutingOptions.Default), sessionAffinity: false);

    public string? ConfigName { get; } = configName;
    public IReadOnlyList<RoutedUpstream> Upstreams { get; } = upstreams;
    public BreakerSettings Breaker { get; } = breaker;

    /// <summary><c>routing.session_affinity</c>: whether a plan ranks its session's last upstream first.</summary>
    public bool SessionAffinity { get; } = sessionAffinity;
}

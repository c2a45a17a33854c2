using CodexHelper.Configuration;

using CodexHelper.Wire;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.Proxy.Reporting;

namespace CodexHelper.Diagnostics;

/// <summary>Gathers <c>status</c>: both proxies probed at once, config.json and client files read, the log's tail looked at.</summary>
internal static class StatusService
{
    public static async Task<StatusReport> GatherAsync(AppPaths paths, Func<string, string?> getEnv, CancellationToken cancellationToken)
    {
        var codexProbe = ProxyProbe.ProbeAsync(ClientProbe.ExpectedPort(ServiceKind.Codex, paths, getEnv), ProxyProbe.DefaultTimeout, cancellationToken);
        var claudeProbe = ProxyProbe.ProbeAsync(ClientProbe.ExpectedPort(ServiceKind.Claude, paths, getEnv), ProxyProbe.DefaultTimeout, cancellationToken);

        // A gateway (switch on --remote) gets a short bound: status must stay quick when the network is not there.
        var codexGateway = RemoteChecks.GatewayAsync(ServiceKind.Codex, paths, cancellationToken, GatewayTimeout, getEnv);
        var claudeGateway = RemoteChecks.GatewayAsync(ServiceKind.Claude, paths, cancellationToken, GatewayTimeout, getEnv);

        // The file work below overlaps the probes.
        var config = ConfigStore.For(paths).LoadOrProblem(out var configProblem);

        var codexClient = ClientProbe.Codex(paths, getEnv);
        var claudeClient = ClientProbe.Claude(paths, getEnv);
        var log = LogProbe.Probe(paths.RequestLog);

        return new StatusReport
        {
            Services =
            [
                Describe(ServiceKind.Codex, await codexProbe, config, configProblem, codexClient, await codexGateway, paths.ConfigJson),
                Describe(ServiceKind.Claude, await claudeProbe, config, configProblem, claudeClient, await claudeGateway, paths.ConfigJson),
            ],
            Log = log,
        };
    }

    private static readonly TimeSpan GatewayTimeout = TimeSpan.FromSeconds(2);

    internal static ServiceStatusView Describe(ServiceKind kind, ProxyProbeResult probe, HelperConfig? config, string? configProblem, ClientState client, DoctorCheck? gateway = null, string file = "config.json")
    {
        var section = config?.Section(kind);
        // A dangling "active" is shown as the problem it is, not as the config the original would fall back to.
        var dangling = section is null ? null : ConfigValidator.DanglingActive(section, kind, file);
        configProblem ??= dangling;
        var configured = dangling is null ? section?.ActiveConfig : null;
        var view = new ServiceStatusView
        {
            Service = kind.Name(),
            Port = probe.Port,
            Proxy = probe.State switch
            {
                ProxyState.Running => "running",
                ProxyState.Foreign => "port_in_use",
                _ => "not_running",
            },
            ProxyDetail = probe.Detail,
            ConfigProblem = configProblem,
            Client = client,
            Gateway = gateway,
        };
        if (client.UsesGateway && probe.State != ProxyState.Running)
        {
            // The client talks to the gateway: a local proxy that is not running (or a port held by something else) is no problem.
            view = view with { Proxy = "not_used", ProxyDetail = $"{RuntimeChecks.ClientName(kind)} uses the gateway {client.RemoteUrl}; local proxy checks do not apply" };
        }

        if (probe.Status is { } live)
        {
            return view with
            {
                Pid = live.Pid,
                Version = live.Version,
                UptimeS = live.UptimeS,
                Totals = live.Totals,
                Sessions = live.Sessions,
                Capture = live.Capture,
                ActiveConfig = live.ActiveConfig,
                Source = "proxy",
                Upstreams = LiveUpstreams(live, configured, kind),
            };
        }

        return view with
        {
            ActiveConfig = configured?.Name,
            Upstreams = configured?.Upstreams.Select(u => new StatusUpstreamView
            {
                BaseUrl = u.BaseUrl,
                HasKey = u.Auth.HasAny,
                Models = u.Models,
                ModelMap = u.ModelMapRules,
                Protocol = u.ProtocolFor(kind.ClientProtocol()).Name(),
                Translated = u.ProtocolFor(kind.ClientProtocol()) != kind.ClientProtocol(),
            }).ToList() ?? [],
        };
    }

    /// <summary>The running proxy's upstreams, with what only config.json knows (key present, models, protocol).</summary>
    private static List<StatusUpstreamView> LiveUpstreams(ProxyStatus live, ServiceConfig? configured, ServiceKind kind)
    {
        var keyed = configured?.Upstreams.ToDictionary(u => u.BaseUrl.TrimEnd('/'), u => u, StringComparer.OrdinalIgnoreCase);
        return live.Upstreams.Select(u =>
        {
            var c = keyed?.GetValueOrDefault(u.BaseUrl.TrimEnd('/'));
            return new StatusUpstreamView
            {
                BaseUrl = u.BaseUrl,
                State = u.State,
                ConsecutiveFailures = u.ConsecutiveFailures,
                CooldownRemainingS = u.CooldownRemainingS,
                LastError = u.LastError,
                Manual = u.Manual,
                Requests = u.Requests,
                Failures = u.Failures,
                HasKey = c?.Auth.HasAny,
                Models = c?.Models,
                ModelMap = c?.ModelMapRules,
                Protocol = c?.ProtocolFor(kind.ClientProtocol()).Name(),
                Translated = c is not null && c.ProtocolFor(kind.ClientProtocol()) != kind.ClientProtocol(),
            };
        }).ToList();
    }
}

using CodexHelper.Configuration;

namespace CodexHelper.Diagnostics;

/// <summary>Runs every <c>doctor</c> check, in a fixed order; slow ones (processes, sockets) run concurrently.</summary>
internal static class DoctorService
{
    public static async Task<DoctorReport> RunAsync(AppPaths paths, Func<string, string?> getEnv, bool online, CancellationToken cancellationToken)
    {
        var codexPort = ClientProbe.ExpectedPort(ServiceKind.Codex, paths, getEnv);
        var claudePort = ClientProbe.ExpectedPort(ServiceKind.Claude, paths, getEnv);
        var codexCli = ClientChecks.CliAsync(ServiceKind.Codex, getEnv, cancellationToken);
        var claudeCli = ClientChecks.CliAsync(ServiceKind.Claude, getEnv, cancellationToken);
        var codexProbe = ProxyProbe.ProbeAsync(codexPort, ProxyProbe.DefaultTimeout, cancellationToken);
        var claudeProbe = ProxyProbe.ProbeAsync(claudePort, ProxyProbe.DefaultTimeout, cancellationToken);

        var config = ConfigStore.For(paths).LoadOrProblem(out var configProblem);

        var codex = ClientProbe.Codex(paths, getEnv);
        var claude = ClientProbe.Claude(paths, getEnv);
        var codexGateway = RemoteChecks.GatewayAsync(ServiceKind.Codex, paths, cancellationToken, getEnv: getEnv);
        var claudeGateway = RemoteChecks.GatewayAsync(ServiceKind.Claude, paths, cancellationToken, getEnv: getEnv);
        var onlineChecks = online && configProblem is null ? OnlineChecks.RunAsync(config, getEnv, cancellationToken) : null;

        var checks = new List<DoctorCheck>
        {
            await codexCli,
            await claudeCli,
            HelperFileChecks.ProxyConfig(ServiceKind.Codex, config, configProblem, paths.ConfigJson, codex.UsesGateway, paths.ConfigJsonBackup),
            HelperFileChecks.ProxyConfig(ServiceKind.Claude, config, configProblem, paths.ConfigJson, claude.UsesGateway, paths.ConfigJsonBackup),
        };
        if (configProblem is null)
        {
            checks.Add(HelperFileChecks.Upstreams(config, getEnv));
        }

        checks.Add(ClientChecks.CodexConfigToml(codex));
        checks.AddRange(ClientChecks.CodexAuth(paths));
        checks.Add(ClientChecks.Switch(ServiceKind.Codex, codex, codexPort));
        checks.Add(ClientChecks.CodexProfiles(codex));
        checks.Add(HelperFileChecks.BootstrapCodex(config, codex));
        checks.Add(ClientChecks.ClaudeSettings(claude));
        checks.Add(ClientChecks.Switch(ServiceKind.Claude, claude, claudePort));
        checks.Add(HelperFileChecks.Filter(paths.FilterJson));
        checks.Add(HelperFileChecks.UsageProviders(paths.UsageProvidersJson));
        checks.Add(RuntimeChecks.Port(ServiceKind.Codex, await codexProbe, codex));
        checks.Add(RuntimeChecks.Port(ServiceKind.Claude, await claudeProbe, claude));
        foreach (var gateway in new[] { await codexGateway, await claudeGateway })
        {
            if (gateway is not null)
            {
                checks.Add(gateway);
            }
        }

        checks.Add(RuntimeChecks.RequestLog(paths.RequestLog));
        checks.Add(RuntimeChecks.Disk(paths.LogsDir));
        if (onlineChecks is not null)
        {
            checks.AddRange(await onlineChecks);
        }

        return DoctorReport.Of(checks);
    }
}

using CodexHelper.Configuration;
using CodexHelper.Diagnostics;

namespace CodexHelper.Commands;

/// <summary>Finds the running proxy of a service for the commands that talk to it (<c>dashboard</c>, <c>top</c>).</summary>
internal static class ProxyLocator
{
    /// <summary>Its port, or a one-line error (exit 1) saying that it does not run and how to start it.</summary>
    public static async Task<int> RunningPortAsync(CliContext ctx, ServiceKind kind, CancellationToken ct)
    {
        var port = ServicePorts.For(kind, ctx.GetEnv);
        var probe = await ProxyProbe.ProbeAsync(port, ProxyProbe.DefaultTimeout, ct);
        var flag = kind == ServiceKind.Claude ? " --claude" : "";
        return probe.State switch
        {
            ProxyState.Running => port,
            ProxyState.Foreign => throw new UserFacingException($"port {port} is held by another program ({probe.Detail}), not a codex-helper {kind.Name()} proxy", 1),
            _ => throw new UserFacingException($"no {kind.Name()} proxy is running on 127.0.0.1:{port}; start it with `codex-helper{flag}` or `codex-helper serve{flag}`", 1),
        };
    }
}

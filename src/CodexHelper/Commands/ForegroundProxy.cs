using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Dashboard;
using CodexHelper.Proxy.Hosting;

namespace CodexHelper.Commands;

/// <summary>The proxy in the foreground until stopped: what <c>serve</c> runs and what the one-command start wraps in switch on/off.</summary>
internal static class ForegroundProxy
{
    /// <summary>
    /// Runs the proxy for <paramref name="kind"/> until <paramref name="stop"/> fires (Ctrl+C / SIGTERM are wired by the caller).
    /// Returns the exit code. `serve` calls it; the one-command start calls it between switch on and switch off.
    /// </summary>
    public static async Task<int> RunAsync(CliContext ctx, ServiceKind kind, int port, string host, CancellationToken stop, GatewaySettings? gateway = null, CaptureSettings? capture = null)
    {
        // A gateway is meant to be reached from other machines: every request needs a client token there.
        if (gateway is null && IPAddress.TryParse(host, out var ip) && !IPAddress.IsLoopback(ip))
        {
            ctx.Error.WriteLine($"codex-helper: warning: listening on {host} makes the proxy (and your upstream keys) reachable from other machines");
        }

        await using var server = await ProxyServer.StartAsync(new ProxyServerOptions
        {
            Kind = kind,
            Paths = ctx.Paths,
            Host = host,
            Port = port,
            GetEnv = ctx.GetEnv,
            Console = ctx.Out,
            // Not on a gateway: behind a reverse proxy every request is a loopback one, and one that forwards with a
            // loopback Host (proxy_pass http://127.0.0.1:PORT) would hand the page, its token and the feed to anyone.
            Observer = gateway is null ? runtime => new DashboardObserver(runtime, ctx.Paths, capture) : null,
            Gateway = gateway is not null,
            Instance = gateway?.Instance,
            StateUrl = gateway?.StateUrl,
        }, stop);
        ctx.Out.WriteLine(gateway is null
            ? $"  dashboard: {server.BaseAddress}__codex_helper/ui (or: codex-helper dashboard{(kind == ServiceKind.Claude ? " --claude" : "")})"
            : "  dashboard: not served in gateway mode (use status and /metrics with an admin token)");
        if (server.Runtime.Observer?.Capture is { } captured)
        {
            ctx.Out.WriteLine($"  capture: on, each request (keys masked) to {captured.Dir}, the newest {captured.Keep} kept");
        }

        if (server.Runtime.Gateway is { } guard)
        {
            var state = server.Runtime.Shared is { } shared
                ? $"shared state {SharedState.RedisUrl.Display(gateway!.StateUrl!)} ({(shared.Connected ? "connected" : "unreachable, local state for now")})"
                : "state in memory (one replica)";
            ctx.Out.WriteLine($"  gateway: instance {server.Runtime.Instance}, {guard.Tokens.Count} token(s) in {ctx.Paths.TokensJson}, {state}");
            ctx.Out.WriteLine($"  log: {server.Runtime.Log.FilePath}");
        }

        ctx.Out.WriteLine("  Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        ctx.Out.WriteLine("codex-helper: stopping (in-flight requests get 5 s to finish)");
        return 0;
    }
}

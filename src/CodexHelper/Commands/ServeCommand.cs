using System.CommandLine;
using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Proxy;

namespace CodexHelper.Commands;

/// <summary><c>serve [--codex|--claude] [--port N] [--host IP]</c>: run the proxy in the foreground.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("serve", "Run the proxy in the foreground (Codex on 127.0.0.1:3211, Claude Code on 127.0.0.1:3210)");
        var flags = new ServiceFlags();
        flags.AddTo(command);
        var port = new Option<int?>("--port", "-p") { Description = "Port to listen on (default: 3211 for Codex, 3210 for Claude Code)" };
        var host = new Option<string>("--host") { Description = "Address to bind (default 127.0.0.1; anything else exposes your keys to the network)", DefaultValueFactory = _ => "127.0.0.1" };
        var withSwitch = new Option<bool>("--switch") { Description = "Also point the client at the proxy while it runs, and switch it back on exit (what `codex-helper` without a command does)" };
        command.Options.Add(port);
        command.Options.Add(host);
        command.Options.Add(withSwitch);
        var gateway = new GatewayOptions();
        gateway.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var kind = flags.Resolve(result, ctx);
            var p = result.GetValue(port) ?? ServicePorts.For(kind, ctx.GetEnv);
            if (p is < 0 or > 65535)
            {
                throw new UserFacingException($"--port must be between 0 and 65535, not {p}", 2);
            }

            var bindTo = result.GetValue(host) ?? "127.0.0.1";
            if (gateway.Enabled(result))
            {
                using var gatewaySignal = new ShutdownSignal(ct);
                return await RunProxyAsync(ctx, kind, p, bindTo, gatewaySignal.Token, gateway.Resolve(result, ctx));
            }

            if (result.GetValue(withSwitch))
            {
                return await StartCommand.RunWithSwitchAsync(ctx, kind, p, bindTo, ct);
            }

            using var signal = new ShutdownSignal(ct);
            return await RunProxyAsync(ctx, kind, p, bindTo, signal.Token);
        });
        return command;
    }

    /// <summary>
    /// Runs the proxy for <paramref name="kind"/> until <paramref name="stop"/> fires (Ctrl+C / SIGTERM are wired by the caller).
    /// Returns the exit code. The one-command start calls this between switch on and switch off.
    /// </summary>
    public static async Task<int> RunProxyAsync(CliContext ctx, ServiceKind kind, int port, string host, CancellationToken stop, GatewaySettings? gateway = null)
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
            Gateway = gateway is not null,
            Instance = gateway?.Instance,
            StateUrl = gateway?.StateUrl,
        }, stop);
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

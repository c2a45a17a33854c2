using System.CommandLine;
using CodexHelper.Configuration;
using CodexHelper.Dashboard;

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
        var capture = new CaptureOption();
        capture.AddTo(command);
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
                if (capture.Resolve(result) is not null)
                {
                    throw new UserFacingException("--capture needs the dashboard, which gateway mode does not serve", 2);
                }

                using var gatewaySignal = new ShutdownSignal(ct);
                return await ForegroundProxy.RunAsync(ctx, kind, p, bindTo, gatewaySignal.Token, gateway.Resolve(result, ctx), capture.Resolve(result));
            }

            if (result.GetValue(withSwitch))
            {
                return await StartCommand.RunWithSwitchAsync(ctx, kind, p, bindTo, ct, capture: capture.Resolve(result));
            }

            StartCommand.WarnIfDerivedConfigDrifted(ctx, LoadQuietly(ctx), kind);
            using var signal = new ShutdownSignal(ct);
            return await ForegroundProxy.RunAsync(ctx, kind, p, bindTo, signal.Token, capture: capture.Resolve(result));
        });
        return command;
    }

    /// <summary>config.json for the drift notice; a broken file is reported by the proxy start itself.</summary>
    private static HelperConfig? LoadQuietly(CliContext ctx)
    {
        try
        {
            return ctx.ConfigStore.Load();
        }
        catch (UserFacingException)
        {
            return null;
        }
    }
}

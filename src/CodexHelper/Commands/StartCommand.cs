using System.CommandLine;
using CodexHelper.Clients;
using CodexHelper.Bootstrap;
using CodexHelper.Configuration;
using CodexHelper.Diagnostics;

namespace CodexHelper.Commands;

/// <summary>
/// <c>codex-helper</c> / <c>ch</c> with no command: make sure a config exists, switch the default
/// client on, run its proxy, and switch it off again on exit (Ctrl+C, SIGTERM, SIGHUP).
/// </summary>
internal static class StartCommand
{
    public const string LoopbackHost = "127.0.0.1";

    public static void Configure(RootCommand root, CliContext ctx)
    {
        var flags = new ServiceFlags();
        flags.AddTo(root);
        var port = new Option<int?>("--port", "-p") { Description = "Proxy port (default: Codex 3211, Claude Code 3210)" };
        root.Options.Add(port);
        var capture = new CaptureOption();
        capture.AddTo(root);
        root.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var kind = flags.Resolve(r, ctx);
            return await RunWithSwitchAsync(ctx, kind, SwitchCommands.CheckPort(r.GetValue(port)) ?? ServicePorts.For(kind, ctx.GetEnv), LoopbackHost, ct, capture: capture.Resolve(r));
        });
    }

    /// <summary>
    /// Bootstrap the config if needed, guard against a crashed earlier run, switch on, run the proxy until
    /// <paramref name="ct"/> or a termination signal fires, and always switch off again.
    /// <paramref name="runProxy"/> replaces the proxy in tests; by default it is <see cref="ForegroundProxy.RunAsync"/>.
    /// </summary>
    public static async Task<int> RunWithSwitchAsync(
        CliContext ctx, ServiceKind kind, int port, string host, CancellationToken ct,
        Func<CancellationToken, Task<int>>? runProxy = null, Dashboard.CaptureSettings? capture = null)
    {
        // Before any file is touched: a second `ch` must not unswitch the first one's client (no failover, no log, no filter).
        if (await PortTakenAsync(ctx, kind, port, ct) is { } taken)
        {
            throw new UserFacingException(taken);
        }

        var config = ConfigBootstrap.Ensure(kind, ctx.Paths, ctx.GetEnv, ctx.Error);
        WarnIfDerivedConfigDrifted(ctx, config, kind);
        var switcher = new ClientSwitcher(ctx.Paths);
        Guard(ctx, switcher, kind);

        // Ctrl+C, SIGTERM and SIGHUP stop the proxy gracefully instead of killing the process, so switch off runs.
        using var stop = new ShutdownSignal(ct);
        SwitchCommands.Print(ctx, switcher.On(kind, new SwitchOptions(port, ConfigBootstrap.PassesClientAuthThrough(config, kind))));
        try
        {
            runProxy ??= token => ForegroundProxy.RunAsync(ctx, kind, port, host, token, capture: capture);
            return await runProxy(stop.Token);
        }
        finally
        {
            SwitchCommands.Print(ctx, switcher.Off(kind));
        }
    }

    /// <summary>One line when config.json's derived config no longer matches the client's files (`ch` and `serve` start).</summary>
    internal static void WarnIfDerivedConfigDrifted(CliContext ctx, HelperConfig? config, ServiceKind kind)
    {
        if (config is not null && DerivedConfigDrift.Describe(config, kind, ctx.Paths, ctx.GetEnv) is { } notice)
        {
            ctx.Error.WriteLine(notice);
        }
    }

    /// <summary>Why the proxy cannot start on <paramref name="port"/> (ours already runs there, or another program holds it), or null.</summary>
    private static async Task<string?> PortTakenAsync(CliContext ctx, ServiceKind kind, int port, CancellationToken ct)
    {
        var probe = await ProxyProbe.ProbeAsync(port, ProxyProbe.DefaultTimeout, ct);
        var flag = kind == ServiceKind.Claude ? " --claude" : "";
        return probe.State switch
        {
            ProxyState.Running when probe.Status!.Service == kind.Name() =>
                $"codex-helper's {kind.Name()} proxy already runs on 127.0.0.1:{port} (pid {probe.Status.Pid}); nothing was changed. " +
                $"Keep using that one (`codex-helper status`), or stop it first.",
            ProxyState.Running =>
                $"codex-helper's {probe.Status!.Service} proxy runs on 127.0.0.1:{port}; nothing was changed. Choose another port: ch{flag} --port N",
            ProxyState.Foreign =>
                $"port {port} is held by another program ({probe.Detail}); nothing was changed. Choose another port: ch{flag} --port N",
            _ => null,
        };
    }

    /// <summary>A file that already points at the proxy with a backup beside it is a run that never switched off.</summary>
    private static void Guard(CliContext ctx, ClientSwitcher switcher, ServiceKind kind)
    {
        var status = switcher.Status(kind);
        if (!status.SwitchedOn || !status.BackupExists)
        {
            return;
        }

        ctx.Error.WriteLine($"{status.File} already points at codex-helper's proxy ({status.BaseUrl}) and a backup exists: an earlier run did not switch off.");
        if (!ctx.IsInteractive)
        {
            ctx.Error.WriteLine("Not a terminal, so not asking: carrying on with the existing backup ('codex-helper switch off' restores it).");
            return;
        }

        ctx.Error.Write("Restore the backup first? [Y/n] ");
        ctx.Error.Flush();
        var answer = ctx.In.ReadLine()?.Trim();
        if (string.IsNullOrEmpty(answer) || answer.StartsWith('y') || answer.StartsWith('Y'))
        {
            SwitchCommands.Print(ctx, switcher.Off(kind));
        }
    }
}

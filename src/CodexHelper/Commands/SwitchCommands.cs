using System.CommandLine;
using System.Text.Json;
using CodexHelper.Clients;
using CodexHelper.Bootstrap;
using CodexHelper.Configuration;

namespace CodexHelper.Commands;

/// <summary><c>switch on|off|status</c>: point Codex / Claude Code at the proxy and back.</summary>
internal static class SwitchCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("switch", "Point Codex / Claude Code at the local proxy, or restore their own files");
        command.Subcommands.Add(On(ctx));
        command.Subcommands.Add(Off(ctx));
        command.Subcommands.Add(Status(ctx));
        return command;
    }

    private static Command On(CliContext ctx)
    {
        var on = new Command("on", "Point the client at the proxy (backs up its file first)");
        var flags = new ServiceFlags();
        flags.AddTo(on);
        var port = new Option<int?>("--port", "-p") { Description = "Proxy port (default: Codex 3211, Claude Code 3210)" };
        on.Options.Add(port);
        var remote = new Option<string?>("--remote") { Description = "Point at a codex-helper gateway at this http(s) URL instead of the local proxy" };
        var tokenEnv = new Option<string?>("--token-env") { Description = "With --remote: the environment variable holding your gateway token (its name is written, never its value)" };
        on.Options.Add(remote);
        on.Options.Add(tokenEnv);
        on.SetAction(r =>
        {
            var kind = flags.Resolve(r, ctx);
            if (RemoteSwitch.Options(ctx, r.GetValue(remote), r.GetValue(tokenEnv), r.GetValue(port)) is { } remoteOptions)
            {
                Print(ctx, new ClientSwitcher(ctx.Paths).On(kind, remoteOptions));
                return 0;
            }

            var options = new SwitchOptions(CheckPort(r.GetValue(port)) ?? ServicePorts.For(kind, ctx.GetEnv), PassThrough(ctx, kind));
            Print(ctx, new ClientSwitcher(ctx.Paths).On(kind, options));
            return 0;
        });
        return on;
    }

    private static Command Off(CliContext ctx)
    {
        var off = new Command("off", "Restore the client's own file (undoes only codex-helper's changes if you edited it meanwhile)");
        var flags = new ServiceFlags();
        flags.AddTo(off);
        off.SetAction(r =>
        {
            Print(ctx, new ClientSwitcher(ctx.Paths).Off(flags.Resolve(r, ctx)));
            return 0;
        });
        return off;
    }

    private static Command Status(CliContext ctx)
    {
        var status = new Command("status", "Show where the client points now and whether a backup exists");
        var flags = new ServiceFlags();
        flags.AddTo(status);
        var json = new Option<bool>("--json", "-j") { Description = "Print JSON for scripts" };
        status.Options.Add(json);
        status.SetAction(r =>
        {
            var s = new ClientSwitcher(ctx.Paths).Status(flags.Resolve(r, ctx));
            if (r.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(s, ClientsJsonContext.Default.SwitchStatus));
                return 0;
            }

            ctx.Out.WriteLine($"{s.Service}: switch {(s.SwitchedOn ? "on" : "off")}");
            ctx.Out.WriteLine($"  file:     {s.File}{(s.FileExists ? "" : " (missing)")}");
            if (s.Provider is not null)
            {
                ctx.Out.WriteLine($"  provider: {s.Provider}");
            }

            ctx.Out.WriteLine($"  base_url: {s.BaseUrl ?? "(client default)"}");
            if (s.Remote)
            {
                ctx.Out.WriteLine($"  remote:   codex-helper gateway, token from ${s.TokenEnv}");
            }

            ctx.Out.WriteLine($"  backup:   {(s.BackupExists ? s.BackupFile : "none")}");
            if (s.EditedSinceSwitch == true)
            {
                ctx.Out.WriteLine("  note:     edited since switch on; switch off will undo only codex-helper's changes");
            }

            return 0;
        });
        return status;
    }

    /// <summary>
    /// Whether the client must keep sending its own login: judged from the active config, or — before
    /// config.json exists — from what a bootstrap would derive (nothing is saved here).
    /// </summary>
    internal static bool PassThrough(CliContext ctx, ServiceKind kind)
    {
        var config = ctx.ConfigStore.Load();
        if (config is not null && config.Section(kind).Configs.Count > 0)
        {
            return ConfigBootstrap.PassesClientAuthThrough(config, kind);
        }

        try
        {
            return !ConfigBootstrap.Derive(kind, ctx.Paths, ctx.GetEnv).Config.Upstreams[0].Auth.HasAny;
        }
        catch (UserFacingException)
        {
            return false;
        }
    }

    internal static int? CheckPort(int? port) =>
        port is null or (> 0 and < 65536) ? port : throw new UserFacingException($"--port must be 1..65535, not {port}", 2);

    internal static void Print(CliContext ctx, SwitchOutcome outcome)
    {
        foreach (var message in outcome.Messages)
        {
            (message.StartsWith("warning:", StringComparison.Ordinal) ? ctx.Error : ctx.Out).WriteLine(message);
        }
    }
}

using System.CommandLine;
using CodexHelper.Configuration;
using CodexHelper.Dashboard;
using CodexHelper.Diagnostics;

namespace CodexHelper.Commands;

/// <summary><c>top [--codex|--claude]</c>: the dashboard's live view in the terminal.</summary>
internal static class TopCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("top", "Live view in the terminal: upstream health, the last requests, today's tokens and cost (q to quit); without a terminal, one snapshot");
        var flags = new ServiceFlags();
        flags.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var kind = flags.Resolve(r, ctx);
            var port = await ProxyLocator.RunningPortAsync(ctx, kind, ct);
            using var signal = new ShutdownSignal(ct);
            using var client = await DashboardClient.ConnectAsync(port, signal.Token);
            var code = ctx.IsInteractive
                ? await TopScreen.RunAsync(client, kind.Name(), signal.Token)
                : await TopScreen.SnapshotAsync(client, kind.Name(), ctx.Out, ctx.Width ?? 160, signal.Token);
            if (code != 0)
            {
                ctx.Error.WriteLine($"codex-helper: the {kind.Name()} proxy on port {port} stopped");
            }

            return code;
        });
        return command;
    }
}

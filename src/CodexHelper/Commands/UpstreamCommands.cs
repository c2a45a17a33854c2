using System.CommandLine;
using CodexHelper.Dashboard;

namespace CodexHelper.Commands;

/// <summary>
/// <c>upstream disable|enable|clear-cooldown URL</c>: the running proxy's manual override, through the same action
/// as the dashboard's buttons (it lives in the proxy's memory, so it needs a running proxy).
/// </summary>
internal static class UpstreamCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("upstream", "Take an upstream of the running proxy out of rotation, put it back, or end its cooldown");
        command.Subcommands.Add(Action(ctx, "disable", "disable", "Take an upstream out of rotation until `enable` (or the proxy restarts)"));
        command.Subcommands.Add(Action(ctx, "enable", "enable", "Put an upstream taken out with `disable` back into rotation"));
        command.Subcommands.Add(Action(ctx, "clear-cooldown", "clear_cooldown", "End an upstream's cooldown now"));
        return command;
    }

    private static Command Action(CliContext ctx, string name, string action, string description)
    {
        var command = new Command(name, description);
        var flags = new ServiceFlags();
        flags.AddTo(command);
        var url = new Argument<string>("BASE_URL") { Description = "The upstream as `status` shows it: its base_url, or base_url#key-fingerprint when two upstreams share that base_url" };
        command.Arguments.Add(url);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var kind = flags.Resolve(r, ctx);
            var port = await ProxyLocator.RunningPortAsync(ctx, kind, ct);
            using var client = await DashboardClient.ConnectAsync(port, ct);
            var result = await client.ActAsync(new DashboardAction { Action = action, Upstream = r.GetValue(url) }, ct);
            if (!result.Ok)
            {
                throw new UserFacingException(result.Message, 1);
            }

            ctx.Out.WriteLine(result.Message);
            return 0;
        });
        return command;
    }
}

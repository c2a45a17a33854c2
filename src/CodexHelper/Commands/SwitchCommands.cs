using System.CommandLine;

namespace CodexHelper.Commands;

/// <summary><c>switch on|off|status</c>: point Codex / Claude Code at the proxy and back.</summary>
internal static class SwitchCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("switch", "Point Codex / Claude Code at the local proxy, or restore their own files");
        foreach (var (name, description) in new[]
        {
            ("on", "Point the client at the proxy (backs up its file first)"),
            ("off", "Restore the client's own file"),
            ("status", "Show where the client points now and whether a backup exists"),
        })
        {
            var sub = new Command(name, description);
            new ServiceFlags().AddTo(sub);
            NotImplemented.Mark(sub, ctx);
            command.Subcommands.Add(sub);
        }

        return command;
    }
}

using System.CommandLine;

namespace CodexHelper.Commands;

internal static class DefaultCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("default", "Show or set the default service (the one commands without --codex/--claude act on)");
        new ServiceFlags().AddTo(command);
        NotImplemented.Mark(command, ctx);
        return command;
    }
}

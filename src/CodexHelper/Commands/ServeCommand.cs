using System.CommandLine;

namespace CodexHelper.Commands;

internal static class ServeCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("serve", "Run the proxy in the foreground (Codex on 127.0.0.1:3211, Claude Code on 127.0.0.1:3210)");
        new ServiceFlags().AddTo(command);
        NotImplemented.Mark(command, ctx);
        return command;
    }
}

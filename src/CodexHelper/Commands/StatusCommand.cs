using System.CommandLine;

namespace CodexHelper.Commands;

internal static class StatusCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("status", "Is the proxy running, which upstreams are healthy, is the client switched on");
        NotImplemented.Mark(command, ctx);
        return command;
    }
}

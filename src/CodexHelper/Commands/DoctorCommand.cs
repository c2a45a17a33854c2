using System.CommandLine;

namespace CodexHelper.Commands;

internal static class DoctorCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("doctor", "Check the setup: clients, files, keys, ports, logs");
        NotImplemented.Mark(command, ctx);
        return command;
    }
}

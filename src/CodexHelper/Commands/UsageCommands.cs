using System.CommandLine;

namespace CodexHelper.Commands;

/// <summary><c>usage summary|tail</c>: reports over the request log.</summary>
internal static class UsageCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("usage", "Token usage and request reports from the request log");
        foreach (var (name, description) in new[]
        {
            ("summary", "Requests, errors, tokens and latency per config / upstream / model / day"),
            ("tail", "The last request-log lines"),
        })
        {
            var sub = new Command(name, description);
            NotImplemented.Mark(sub, ctx);
            command.Subcommands.Add(sub);
        }

        return command;
    }
}

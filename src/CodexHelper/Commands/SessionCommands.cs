using System.CommandLine;

namespace CodexHelper.Commands;

/// <summary><c>session list|last|search|export</c>: find a project's sessions and the command to resume them.</summary>
internal static class SessionCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("session", "Find Codex / Claude Code sessions of a project and how to resume them");
        foreach (var (name, description) in new[]
        {
            ("list", "Recent sessions of the current directory (or --path)"),
            ("last", "The newest session of the current directory and its resume command"),
            ("search", "Sessions whose user messages contain a text"),
            ("export", "One session as Markdown or JSON"),
        })
        {
            var sub = new Command(name, description);
            NotImplemented.Mark(sub, ctx);
            command.Subcommands.Add(sub);
        }

        return command;
    }
}

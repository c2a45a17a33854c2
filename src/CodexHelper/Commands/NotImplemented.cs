using System.CommandLine;

namespace CodexHelper.Commands;

internal static class NotImplemented
{
    /// <summary>Placeholder action for commands that a later issue implements: says so and exits 2.</summary>
    public static void Mark(Command command, CliContext ctx)
    {
        command.SetAction(_ =>
        {
            ctx.Error.WriteLine($"codex-helper: '{command.Name}' is not implemented yet");
            return 2;
        });
    }
}

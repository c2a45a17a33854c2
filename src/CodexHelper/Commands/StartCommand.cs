using System.CommandLine;

namespace CodexHelper.Commands;

/// <summary>
/// <c>codex-helper</c> / <c>ch</c> with no command: make sure a config exists, switch the default
/// client on, run its proxy, and switch it off again on exit.
/// </summary>
internal static class StartCommand
{
    public static void Configure(RootCommand root, CliContext ctx) => NotImplemented.Mark(root, ctx);
}

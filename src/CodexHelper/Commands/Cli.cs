using System.CommandLine;
using CodexHelper.Completion;

namespace CodexHelper.Commands;

/// <summary>The command tree and the one place where user mistakes turn into a message and an exit code.</summary>
internal static class Cli
{
    public static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand(
            "codex-helper: a local proxy and helper for Codex CLI and Claude Code — several relays and keys, " +
            "failover when one fails or runs out, request filtering, a request log, and session helpers.\n" +
            "Without a command: switch the default client on, run its proxy, and switch it off again on exit.");
        root.Subcommands.Add(ServeCommand.Create(ctx));
        root.Subcommands.Add(SwitchCommands.Create(ctx));
        root.Subcommands.Add(ConfigCommands.Create(ctx));
        root.Subcommands.Add(SessionCommands.Create(ctx));
        root.Subcommands.Add(UsageCommands.Create(ctx));
        root.Subcommands.Add(StatusCommand.Create(ctx));
        root.Subcommands.Add(DoctorCommand.Create(ctx));
        root.Subcommands.Add(DashboardCommand.Create(ctx));
        root.Subcommands.Add(TopCommand.Create(ctx));
        root.Subcommands.Add(UpstreamCommands.Create(ctx));
        root.Subcommands.Add(DefaultCommand.Create(ctx));
        root.Subcommands.Add(TokenCommands.Create(ctx));
        root.Subcommands.Add(CompletionCommand.Create(ctx.Out));
        StartCommand.Configure(root, ctx);
        DynamicCompletions.AttachTo(root, ctx);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext ctx, CancellationToken cancellationToken = default)
    {
        try
        {
            var parse = Build(ctx).Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
            {
                ctx.Error.WriteLine($"codex-helper: {ParseErrorMessage.Describe(parse)}");
                return ParseErrorMessage.UsageExitCode;
            }

            return await parse.InvokeAsync(new InvocationConfiguration { Output = ctx.Out, Error = ctx.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellationToken);
        }
        catch (UserFacingException ex)
        {
            ctx.Error.WriteLine($"codex-helper: {ex.Message}");
            return ex.ExitCode;
        }
        catch (IOException ex) when (IsBrokenPipe(ex))
        {
            // `status | head`: the reader has gone, which is no error of ours; exit like a program killed by SIGPIPE.
            return BrokenPipeExitCode;
        }
    }

    /// <summary>128 + SIGPIPE, what a shell shows for a writer whose reader left.</summary>
    public const int BrokenPipeExitCode = 141;

    private const int EPIPE = 32;

    private static bool IsBrokenPipe(IOException ex) => !OperatingSystem.IsWindows() && (ex.HResult == EPIPE || ex.Message.Contains("Broken pipe", StringComparison.Ordinal));
}

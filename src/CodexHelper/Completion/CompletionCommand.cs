using System.CommandLine;

namespace CodexHelper.Completion;

/// <summary>`codex-helper completion bash|zsh|fish|powershell`: prints the shell's completion script.</summary>
internal static class CompletionCommand
{
    public static Command Create(TextWriter output)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh, fish or powershell" };
        shell.AcceptOnlyFromAmong(CompletionScripts.Shells);
        var command = new Command("completion", "Print a shell completion script (commands, options, config names, session ids); see the README for installing it");
        command.Arguments.Add(shell);
        command.SetAction(r =>
        {
            output.Write(CompletionScripts.For(r.GetValue(shell)!));
            return 0;
        });
        return command;
    }
}

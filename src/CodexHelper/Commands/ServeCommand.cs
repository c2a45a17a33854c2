using System.CommandLine;
using CodexHelper.Configuration;

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

    /// <summary>
    /// Runs the proxy for <paramref name="kind"/> until <paramref name="stop"/> fires (Ctrl+C / SIGTERM are wired by the caller).
    /// Returns the exit code. The one-command start calls this between switch on and switch off.
    /// </summary>
    public static Task<int> RunProxyAsync(CliContext ctx, ServiceKind kind, int port, string host, CancellationToken stop)
    {
        _ = (ctx, kind, port, host, stop);
        throw new NotImplementedException("filled in by the proxy work");
    }
}

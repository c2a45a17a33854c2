using CodexHelper.Commands;
using CodexHelper.Proxy;

SocketCompletions.PreferInline();
try
{
    return await Cli.RunAsync(args, CliContext.FromProcess());
}
catch (IOException ex) when (ClosedOutput.IsBrokenPipe(ex))
{
    return ClosedOutput.ExitCode;
}

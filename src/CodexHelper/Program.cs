using CodexHelper.Commands;
using CodexHelper.Proxy;

SocketCompletions.PreferInline();
return await Cli.RunAsync(args, CliContext.FromProcess());

using CodexHelper.Commands;
using CodexHelper.Proxy.Hosting;

SocketCompletions.PreferInline();
return await Cli.RunAsync(args, CliContext.FromProcess());

using CodexHelper;
using CodexHelper.Commands;

return await Cli.RunAsync(args, CliContext.FromProcess());

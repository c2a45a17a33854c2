using System.CommandLine;
using System.CommandLine.Completions;
using CodexHelper.Sessions;

namespace CodexHelper.Commands;

/// <summary>
/// Values that only the user's files know, offered on Tab: config names for the config commands that take one, and
/// the ids of the current directory's recent sessions for `session export`. Attached to the finished command tree
/// by argument name, so the command files stay as they are. A broken config.json or session folder offers nothing
/// rather than an error in the middle of the user's typing.
/// </summary>
internal static class DynamicCompletions
{
    private const int SessionIds = 20;

    public static void AttachTo(RootCommand root, CliContext ctx)
    {
        foreach (var command in root.Subcommands)
        {
            foreach (var sub in command.Subcommands)
            {
                foreach (var argument in sub.Arguments)
                {
                    if (command.Name == "config" && argument.Name == "NAME" && sub.Name != "add")
                    {
                        argument.CompletionSources.Add(_ => ConfigNames(ctx));
                    }
                    else if (command.Name == "session" && argument.Name == "ID")
                    {
                        argument.CompletionSources.Add(c => SessionIdsFor(c, ctx));
                    }
                }
            }
        }
    }

    private static IEnumerable<CompletionItem> ConfigNames(CliContext ctx)
    {
        try
        {
            var config = ctx.ConfigStore.Load();
            return config is null
                ? []
                : config.Codex.Configs.Keys.Concat(config.Claude.Configs.Keys).Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal).Select(n => new CompletionItem(n)).ToList();
        }
        catch (Exception)
        {
            return [];
        }
    }

    private static IEnumerable<CompletionItem> SessionIdsFor(CompletionContext context, CliContext ctx)
    {
        try
        {
            var claude = context.ParseResult.Tokens.Any(t => t.Value == "--claude");
            var index = new SessionIndex(ctx.Paths, claude ? SessionSource.Claude : SessionSource.Codex);
            return index.List(new SessionQuery(ctx.CurrentDirectory, SessionIds)).Select(s => new CompletionItem(s.Id)).ToList();
        }
        catch (Exception)
        {
            return [];
        }
    }
}

using System.CommandLine;

namespace CodexHelper.Commands;

/// <summary><c>config list|add|add-upstream|remove-upstream|remove|set-active</c>.</summary>
internal static class ConfigCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("config", "Manage upstream configs (relays, keys) in config.json");
        foreach (var (name, description) in new[]
        {
            ("list", "List configs, the active one, and their upstreams (keys masked)"),
            ("add", "Add a config with one upstream"),
            ("add-upstream", "Add an upstream to an existing config"),
            ("remove-upstream", "Remove an upstream from a config"),
            ("remove", "Remove a config"),
            ("set-active", "Make a config the active one"),
        })
        {
            var sub = new Command(name, description);
            new ServiceFlags().AddTo(sub);
            NotImplemented.Mark(sub, ctx);
            command.Subcommands.Add(sub);
        }

        return command;
    }
}

using System.CommandLine;
using System.Text.Json;
using CodexHelper.Configuration;

namespace CodexHelper.Commands;

/// <summary><c>default [--codex|--claude] [--json]</c>: show or set <c>default_service</c>.</summary>
internal static class DefaultCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("default", "Show or set the default service (the one commands without --codex/--claude act on)");
        var flags = new ServiceFlags("Make Codex the default service", "Make Claude Code the default service");
        flags.AddTo(command);
        var json = new Option<bool>("--json", "-j") { Description = "Print JSON for scripts" };
        command.Options.Add(json);
        command.SetAction(r =>
        {
            var chosen = flags.Explicit(r);
            ServiceKind current;
            if (chosen is { } kind)
            {
                var store = ctx.ConfigStore;
                var config = store.Load() ?? new HelperConfig();
                config.DefaultService = kind.Name();
                store.Save(config);
                current = kind;
            }
            else
            {
                current = ctx.ConfigStore.Load()?.DefaultServiceKind ?? ServiceKind.Codex;
            }

            if (r.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(new DefaultServiceView(current.Name()), ConfigViewJsonContext.Default.DefaultServiceView));
            }
            else
            {
                ctx.Out.WriteLine(chosen is null ? $"default service: {current.Name()}" : $"default service set to {current.Name()}");
            }

            return 0;
        });
        return command;
    }
}

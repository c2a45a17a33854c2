using System.CommandLine;
using System.Text.Json;
using CodexHelper.Bootstrap;
using CodexHelper.Configuration;

namespace CodexHelper.Commands;

/// <summary><c>config list|add|add-upstream|remove-upstream|remove|set-active</c>.</summary>
internal static class ConfigCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("config", "Manage upstream configs (relays, keys) in config.json");
        command.Subcommands.Add(List(ctx));
        command.Subcommands.Add(Add(ctx));
        command.Subcommands.Add(AddUpstream(ctx));
        command.Subcommands.Add(RemoveUpstream(ctx));
        command.Subcommands.Add(Remove(ctx));
        command.Subcommands.Add(SetActive(ctx));
        return command;
    }

    private static Command List(CliContext ctx)
    {
        var list = new Command("list", "List configs, the active one, and their upstreams (keys masked)");
        var flags = new ServiceFlags();
        flags.AddTo(list);
        var json = new Option<bool>("--json", "-j") { Description = "Print JSON for scripts" };
        list.Options.Add(json);
        list.SetAction(r =>
        {
            var kind = flags.Resolve(r, ctx);
            var config = ctx.ConfigStore.Load();
            // As the README says: derive when config.json is missing *or* has no config for this service.
            if (config is null || config.Section(kind).Configs.Count == 0)
            {
                try
                {
                    config = ConfigBootstrap.Ensure(kind, ctx.Paths, ctx.GetEnv, ctx.Error);
                }
                catch (UserFacingException ex)
                {
                    ctx.Error.WriteLine($"codex-helper: {ex.Message}");
                }
            }

            if (config is not null && ConfigValidator.DanglingActive(config.Section(kind), kind, ctx.ConfigStore.FilePath) is { } dangling)
            {
                ctx.Error.WriteLine($"codex-helper: warning: {dangling}");
            }

            var view = ConfigListView.From(config, kind);
            if (r.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(view, ConfigViewJsonContext.Default.ConfigListView));
                return 0;
            }

            Render(ctx.Out, view);
            return 0;
        });
        return list;
    }

    private static Command Add(CliContext ctx)
    {
        var add = new Command("add", "Add a config with one upstream");
        var name = new Argument<string>("NAME") { Description = "Config name" };
        var alias = new Option<string?>("--alias") { Description = "A display name" };
        var upstream = new UpstreamOptions(add, ctx);
        add.Arguments.Add(name);
        add.Options.Add(alias);
        add.SetAction(r => Edit(ctx, upstream.Flags.Resolve(r, ctx), (config, kind) =>
        {
            var n = r.GetValue(name)!;
            ConfigEditor.AddConfig(config, kind, n, upstream.Build(r), r.GetValue(alias));
            var active = config.Section(kind).Active == n ? " (active)" : "";
            return $"added {kind.Name()} config '{n}'{active}";
        }));
        return add;
    }

    private static Command AddUpstream(CliContext ctx)
    {
        var add = new Command("add-upstream", "Add an upstream (a backup relay or key) to an existing config; order is priority");
        var name = new Argument<string>("NAME") { Description = "Config name" };
        var upstream = new UpstreamOptions(add, ctx);
        add.Arguments.Add(name);
        add.SetAction(r => Edit(ctx, upstream.Flags.Resolve(r, ctx), (config, kind) =>
        {
            var index = ConfigEditor.AddUpstream(config, kind, r.GetValue(name)!, upstream.Build(r));
            return $"added upstream [{index}] to {kind.Name()} config '{r.GetValue(name)}'";
        }));
        return add;
    }

    private static Command RemoveUpstream(CliContext ctx)
    {
        var remove = new Command("remove-upstream", "Remove an upstream from a config, by index (as shown by config list) or base URL");
        var flags = new ServiceFlags();
        flags.AddTo(remove);
        var name = new Argument<string>("NAME") { Description = "Config name" };
        var which = new Argument<string>("INDEX|URL") { Description = "0-based index or base URL of the upstream" };
        remove.Arguments.Add(name);
        remove.Arguments.Add(which);
        remove.SetAction(r => Edit(ctx, flags.Resolve(r, ctx), (config, kind) =>
        {
            var removed = ConfigEditor.RemoveUpstream(config, kind, r.GetValue(name)!, r.GetValue(which)!);
            return $"removed upstream {removed.BaseUrl} from {kind.Name()} config '{r.GetValue(name)}'";
        }));
        return remove;
    }

    private static Command Remove(CliContext ctx)
    {
        var remove = new Command("remove", "Remove a config");
        var flags = new ServiceFlags();
        flags.AddTo(remove);
        var name = new Argument<string>("NAME") { Description = "Config name" };
        remove.Arguments.Add(name);
        remove.SetAction(r => Edit(ctx, flags.Resolve(r, ctx), (config, kind) =>
        {
            ConfigEditor.RemoveConfig(config, kind, r.GetValue(name)!);
            var active = config.Section(kind).Active;
            return $"removed {kind.Name()} config '{r.GetValue(name)}'; active: {active ?? "(none)"}";
        }));
        return remove;
    }

    private static Command SetActive(CliContext ctx)
    {
        var set = new Command("set-active", "Make a config the active one");
        var flags = new ServiceFlags();
        flags.AddTo(set);
        var name = new Argument<string>("NAME") { Description = "Config name" };
        set.Arguments.Add(name);
        set.SetAction(r => Edit(ctx, flags.Resolve(r, ctx), (config, kind) =>
        {
            ConfigEditor.SetActive(config, kind, r.GetValue(name)!);
            return $"{kind.Name()} active config: {r.GetValue(name)}";
        }));
        return set;
    }

    /// <summary>Load (or start) config.json, apply one change, save atomically only when the change succeeded.</summary>
    private static int Edit(CliContext ctx, ServiceKind kind, Func<HelperConfig, ServiceKind, string> change)
    {
        var store = ctx.ConfigStore;
        var config = store.Load() ?? new HelperConfig();
        var message = change(config, kind);
        store.Save(config);
        ctx.Out.WriteLine(message);
        return 0;
    }

    internal static void Render(TextWriter output, ConfigListView view)
    {
        if (view.Configs.Count == 0)
        {
            output.WriteLine($"no {view.Service} configs; add one: codex-helper config add NAME --base-url URL --auth-token KEY{(view.Service == "claude" ? " --claude" : "")}");
            return;
        }

        foreach (var config in view.Configs)
        {
            var alias = config.Alias is { Length: > 0 } a ? $" ({a})" : "";
            output.WriteLine($"{(config.Active ? "*" : " ")} {config.Name}{alias}");
            foreach (var u in config.Upstreams)
            {
                var tags = u.Tags.Count == 0 ? "" : "  " + string.Join(" ", u.Tags.Select(t => $"{t.Key}={t.Value}"));
                var protocol = u.Translated ? $"  protocol={u.Protocol} (translated)" : "";
                output.WriteLine($"    [{u.Index}] {u.BaseUrl}  {u.AuthSummary}{protocol}{tags}");
                if (u.ModelMap is { Count: > 0 } map)
                {
                    output.WriteLine($"        model_map: {string.Join(", ", map)}");
                }

                if (u.Models is { Count: > 0 } models)
                {
                    output.WriteLine($"        models: {string.Join(", ", models)}");
                }
            }
        }
    }

    /// <summary>The flags that describe one upstream, shared by <c>add</c> and <c>add-upstream</c>.</summary>
    private sealed class UpstreamOptions
    {
        private readonly Option<string> baseUrl = new("--base-url") { Description = "Upstream base URL (http or https), e.g. https://relay.example/v1", Required = true };
        private readonly Option<string?> authToken = new("--auth-token") { Description = "Key sent as Authorization: Bearer" };
        private readonly Option<string?> apiKey = new("--api-key") { Description = "Key sent as x-api-key" };
        private readonly Option<string?> authTokenEnv = new("--auth-token-env") { Description = "Environment variable holding the Bearer key, read at request time (the key is not stored)" };
        private readonly Option<string?> apiKeyEnv = new("--api-key-env") { Description = "Environment variable holding the x-api-key key, read at request time" };
        private readonly Option<string[]> tags = new("--tag") { Description = "A tag key=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        private readonly Option<string[]> modelMap = new("--model-map") { Description = "Model name rule FROM=TO for this upstream, FROM may end in * (repeatable, first match wins)", AllowMultipleArgumentsPerToken = false };
        private readonly Option<decimal?> priceMultiplier = new("--price-multiplier") { Description = "This relay's price relative to the official one, e.g. 0.3 (cost_usd uses it)" };
        private readonly Option<string?> protocol = new("--protocol") { Description = "The protocol this relay speaks: responses, chat or anthropic (default: the client's own); codex-helper translates" };

        public UpstreamOptions(Command command, CliContext ctx)
        {
            _ = ctx;
            Flags.AddTo(command);
            foreach (var option in new Option[] { baseUrl, authToken, apiKey, authTokenEnv, apiKeyEnv, tags, modelMap, priceMultiplier, protocol })
            {
                command.Options.Add(option);
            }
        }

        public ServiceFlags Flags { get; } = new();

        public UpstreamConfig Build(ParseResult r)
        {
            var upstream = ConfigEditor.Upstream(
                r.GetValue(baseUrl)!, r.GetValue(authToken), r.GetValue(apiKey), r.GetValue(authTokenEnv), r.GetValue(apiKeyEnv), r.GetValue(tags));
            if (r.GetValue(priceMultiplier) is { } m)
            {
                upstream.PriceMultiplier = Pricing.PriceLimits.MultiplierProblem(m) is { } problem
                    ? throw new UserFacingException($"--price-multiplier: {problem}", 2)
                    : m;
            }

            if (r.GetValue(protocol) is { } p)
            {
                upstream.Protocol = Wire.WireProtocols.TryParse(p, out var parsed)
                    ? Wire.WireProtocols.Name(parsed)
                    : throw new UserFacingException($"--protocol: \"{p}\" is not one of {Wire.WireProtocols.ValidNames}", 2);
            }

            return ConfigEditor.WithModelMap(upstream, r.GetValue(modelMap));
        }
    }
}

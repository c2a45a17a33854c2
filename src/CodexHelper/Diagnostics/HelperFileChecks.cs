using CodexHelper.Quota;
using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.Filtering;

namespace CodexHelper.Diagnostics;

/// <summary>Checks of codex-helper's own files: config.json, filter.json, usage_providers.json.</summary>
internal static class HelperFileChecks
{
    /// <param name="backup">config.json.bak's path; the broken-file hint offers it only when it exists.</param>
    public static DoctorCheck ProxyConfig(ServiceKind kind, HelperConfig? config, string? problem, string file, bool usesGateway = false, string? backup = null)
    {
        var id = $"proxy_config.{kind.Name()}";
        if (usesGateway && problem is null && config?.Section(kind) is not { Configs.Count: > 0 })
        {
            return DoctorCheck.Note(id, $"no {kind.Name()} configs: not needed while {RuntimeChecks.ClientName(kind)} uses a gateway (the gateway holds the upstreams)");
        }

        if (problem is not null)
        {
            return DoctorCheck.Failure(id, problem, backup is not null && File.Exists(backup)
                ? $"fix {file} by hand, or go back to the version before the last save: `cp {backup} {file}`"
                : $"fix {file} by hand (there is no backup yet), or delete it to start over");
        }

        var section = config?.Section(kind);
        if (section is null || section.Configs.Count == 0)
        {
            var flag = kind == ServiceKind.Codex ? "" : " --claude";
            return kind == ServiceKind.Codex
                ? DoctorCheck.Warning(id, config is null ? $"{file} does not exist yet" : "no codex configs", "it is bootstrapped from config.toml on first start, or add one: `codex-helper config add NAME --base-url URL`")
                : DoctorCheck.Note(id, "no claude configs", $"only needed for Claude Code: `codex-helper config add NAME --base-url URL{flag}`");
        }

        if (ConfigValidator.DanglingActive(section, kind, file) is { } dangling)
        {
            return DoctorCheck.Failure(id, dangling, "the proxy refuses requests until \"active\" names an existing config");
        }

        var cfg = section.ActiveConfig!;
        return cfg.Upstreams.Count == 0
            ? DoctorCheck.Failure(id, $"active config \"{cfg.Name}\" has no upstreams", "add one: `codex-helper config add-upstream`")
            : DoctorCheck.Pass(id, $"active config \"{cfg.Name}\" with {cfg.Upstreams.Count} upstream{(cfg.Upstreams.Count == 1 ? "" : "s")}");
    }

    /// <summary>Every upstream of every config: URL valid, key present, named env vars set. Never shows a key.</summary>
    public static DoctorCheck Upstreams(HelperConfig? config, Func<string, string?> getEnv)
    {
        const string id = "config.upstreams";
        if (config is null)
        {
            return DoctorCheck.Note(id, "no config.json, no upstreams to check");
        }

        var fails = new List<string>();
        var warns = new List<string>();
        var count = 0;
        foreach (var kind in new[] { ServiceKind.Codex, ServiceKind.Claude })
        {
            foreach (var (name, cfg) in config.Section(kind).Configs)
            {
                for (var i = 0; i < cfg.Upstreams.Count; i++)
                {
                    count++;
                    var u = cfg.Upstreams[i];
                    var where = $"{kind.Name()}/{name}[{i}]";
                    if (ConfigValidator.UrlProblem(u.BaseUrl) is { } p)
                    {
                        fails.Add($"{where}: {p}");
                    }

                    foreach (var env in new[] { u.Auth.AuthTokenEnv, u.Auth.ApiKeyEnv })
                    {
                        if (env is { Length: > 0 } && string.IsNullOrEmpty(getEnv(env)))
                        {
                            fails.Add($"{where}: environment variable {env} is not set");
                        }
                    }

                    if (!u.Auth.HasAny)
                    {
                        warns.Add($"{where}: no key (auth_token / api_key)");
                    }
                }
            }
        }

        return fails.Count > 0 ? DoctorCheck.Failure(id, string.Join("; ", fails.Concat(warns)), "fix config.json, or export the named variables before starting codex-helper")
            : warns.Count > 0 ? DoctorCheck.Warning(id, string.Join("; ", warns), "fine only if the client sends its own key (passthrough); otherwise add one")
            : DoctorCheck.Pass(id, count == 0 ? "no upstreams configured" : $"{count} upstream{(count == 1 ? "" : "s")}: URLs valid, keys present");
    }

    public static DoctorCheck BootstrapCodex(HelperConfig? config, ClientState codex)
    {
        const string id = "bootstrap.codex";
        if (config is not null && config.Codex.Configs.Count > 0)
        {
            return DoctorCheck.Pass(id, "not needed: config.json has codex configs");
        }

        if (!codex.Exists || codex.Problem is not null)
        {
            return DoctorCheck.Warning(id, "cannot bootstrap: config.toml is missing or unreadable", "add a config: `codex-helper config add NAME --base-url URL --auth-token KEY`");
        }

        if (codex.SwitchedOn && !codex.BackupExists)
        {
            return DoctorCheck.Failure(id, "config.toml already points at a local codex_proxy and there is no backup: bootstrapping would proxy to itself",
                "set model_provider in config.toml back to your real provider, or add a config with `codex-helper config add`");
        }

        return DoctorCheck.Pass(id, codex.SwitchedOn
            ? "will bootstrap from the backup of config.toml"
            : $"will bootstrap from config.toml provider \"{codex.Provider}\"");
    }

    public static DoctorCheck Filter(string file)
    {
        const string id = "filter.json";
        if (!File.Exists(file))
        {
            return DoctorCheck.Pass(id, "no filter.json: request bodies are sent unchanged");
        }

        try
        {
            var rules = RequestFilter.Load(file).RuleCount;
            return DoctorCheck.Pass(id, $"{rules} rule{(rules == 1 ? "" : "s")}");
        }
        catch (UserFacingException ex)
        {
            return DoctorCheck.Failure(id, ex.Message, "a running proxy keeps the last good rules; fix the file");
        }
    }

    /// <summary>Validated by the Quota folder's own reader, so doctor and the proxy agree on what is broken.</summary>
    public static DoctorCheck UsageProviders(string file)
    {
        const string id = "usage_providers";
        if (!File.Exists(file))
        {
            return DoctorCheck.Note(id, "no usage_providers.json; it is created with defaults on first use");
        }

        try
        {
            var n = UsageProvidersFile.Load(file).Providers.Count;
            return DoctorCheck.Pass(id, $"{n} usage provider{(n == 1 ? "" : "s")}");
        }
        catch (UserFacingException ex)
        {
            return DoctorCheck.Failure(id, ex.Message, "fix or delete the file (defaults are recreated)");
        }
    }
}

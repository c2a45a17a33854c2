using CodexHelper.Clients;
using CodexHelper.Configuration;

namespace CodexHelper.Bootstrap;

/// <summary>
/// Derives a first config from what the client already uses, so that <c>ch</c> works with no set-up:
/// Codex from config.toml (+ auth.json, read only), Claude Code from settings.json. A file that already
/// points at codex-helper's proxy is read from its backup instead, or refused — proxying to itself
/// would loop.
/// </summary>
internal static class ConfigBootstrap
{
    public const string ChatGptBaseUrl = "https://chatgpt.com/backend-api/codex";
    public const string AnthropicBaseUrl = "https://api.anthropic.com";

    /// <summary>
    /// Returns config.json, deriving and saving a config for <paramref name="kind"/> first when the
    /// file is missing or has no config for that service. Says what it derived on <paramref name="notes"/>.
    /// </summary>
    public static HelperConfig Ensure(ServiceKind kind, AppPaths paths, Func<string, string?> getEnv, TextWriter notes)
    {
        var store = ConfigStore.For(paths);
        var config = store.Load();
        if (config is not null && config.Section(kind).Configs.Count > 0)
        {
            return config;
        }

        var derived = Derive(kind, paths, getEnv);
        config ??= new HelperConfig();
        var section = config.Section(kind);
        section.Configs[derived.Config.Name] = derived.Config;
        section.Active = derived.Config.Name;
        store.Save(config);
        notes.WriteLine($"codex-helper: created {kind.Name()} config '{derived.Config.Name}' in {store.FilePath}:");
        foreach (var note in derived.Notes)
        {
            notes.WriteLine($"  {note}");
        }

        return config;
    }

    public static BootstrapResult Derive(ServiceKind kind, AppPaths paths, Func<string, string?> getEnv) =>
        kind == ServiceKind.Codex ? DeriveCodex(paths, getEnv) : DeriveClaude(paths, getEnv);

    /// <summary>True when the active config's upstreams carry no key: the client's own login must reach the upstream.</summary>
    public static bool PassesClientAuthThrough(HelperConfig? config, ServiceKind kind) =>
        config?.Section(kind).ActiveConfig is { Upstreams.Count: > 0 } active && active.Upstreams.All(u => !u.Auth.HasAny);

    public static BootstrapResult DeriveCodex(AppPaths paths, Func<string, string?> getEnv)
    {
        var tomlPath = paths.CodexConfigToml;
        var notes = new List<string>();
        var tomlText = ReadText(tomlPath);
        var authFile = CodexAuthJson.Load(paths.CodexAuthJson);
        if (tomlText is null && authFile is null)
        {
            throw new UserFacingException(
                $"no Codex setup to derive a config from ({tomlPath} and {paths.CodexAuthJson} are missing); " +
                "add one: codex-helper config add NAME --base-url URL --auth-token KEY");
        }

        var (toml, source) = ReadCodexOriginal(tomlText ?? "", tomlPath, OurProxy.For(ServiceKind.Codex, paths, getEnv), notes);
        var auth = authFile ?? CodexAuthJson.Empty;
        var id = toml.EffectiveProviderId;
        var provider = toml.Provider(id);
        var baseUrl = provider.BaseUrl
            ?? throw UserFacingException.InFile(source, null, $"model_providers.{id} has no base_url; add a config by hand: codex-helper config add {id} --base-url URL");
        var upstream = new UpstreamConfig
        {
            BaseUrl = baseUrl,
            Tags = new Dictionary<string, string> { ["source"] = "codex-config", ["provider_id"] = id },
        };

        notes.Add($"provider '{id}' from {source}: {baseUrl}");
        SetCodexKey(upstream, id, provider, auth, paths, getEnv, notes);
        return new BootstrapResult(new ServiceConfig { Name = id, Alias = provider.Name, Upstreams = [upstream] }, notes);
    }

    /// <summary>config.toml, or its backup when it points at our proxy (a switched-on file hides the real upstream).</summary>
    private static (CodexConfigToml Toml, string Source) ReadCodexOriginal(string tomlText, string tomlPath, OurProxy ours, List<string> notes)
    {
        var toml = CodexConfigToml.Parse(tomlText, tomlPath);
        if (!toml.PointsAt(ours))
        {
            return (toml, tomlPath);
        }

        var backupPath = tomlPath + ClientConfigFile.BackupSuffix;
        var backup = ReadText(backupPath) ?? throw SelfPointing(tomlPath, "codex-helper config add NAME --base-url URL --auth-token KEY");
        toml = CodexConfigToml.Parse(backup, backupPath);
        if (toml.PointsAt(ours))
        {
            throw SelfPointing(backupPath, "codex-helper config add NAME --base-url URL --auth-token KEY");
        }

        notes.Add($"{tomlPath} points at codex-helper's proxy; read the original settings from {backupPath}");
        return (toml, backupPath);
    }

    /// <summary>The provider's key, in the order Codex itself finds it: its env_key, auth.json, or the ChatGPT login passed through.
    /// Replaces the last note when the ChatGPT login changes the base URL.</summary>
    private static void SetCodexKey(UpstreamConfig upstream, string id, CodexProvider provider, CodexAuthJson auth, AppPaths paths, Func<string, string?> getEnv, List<string> notes)
    {
        var baseUrl = upstream.BaseUrl;
        if (provider.EnvKey is { Length: > 0 } envKey)
        {
            if (getEnv(envKey) is { Length: > 0 })
            {
                upstream.Auth.AuthTokenEnv = envKey;
                notes.Add($"key: read from ${envKey} at request time (not copied into config.json)");
            }
            else if (auth.Keys.TryGetValue(envKey, out var fromAuth))
            {
                upstream.Auth.AuthToken = fromAuth;
                notes.Add($"key: {envKey} from {paths.CodexAuthJson} ({SecretMask.Mask(fromAuth)})");
            }
            else
            {
                upstream.Auth.AuthTokenEnv = envKey;
                notes.Add($"key: ${envKey} (not set now; the proxy reads it at request time)");
            }
        }
        else if ((auth.Keys.TryGetValue("OPENAI_API_KEY", out var apiKey) ? apiKey : auth.SingleApiKey) is { } key)
        {
            upstream.Auth.AuthToken = key;
            notes.Add($"key: from {paths.CodexAuthJson} ({SecretMask.Mask(key)})");
        }
        else if (id == CodexConfigToml.DefaultProviderId && !provider.Defined && auth.HasChatGptTokens)
        {
            upstream.BaseUrl = ChatGptBaseUrl;
            (upstream.Tags ??= new())["auth"] = "chatgpt";
            notes[^1] = $"provider '{id}' with ChatGPT login: {ChatGptBaseUrl}";
            notes.Add("key: none — the proxy passes Codex's own ChatGPT login through (switch on sets requires_openai_auth = true)");
        }
        else
        {
            notes.Add("key: none found — the proxy passes Codex's own Authorization through; add one with: " +
                $"codex-helper config add-upstream {id} --base-url {baseUrl} --auth-token KEY");
        }
    }

    public static BootstrapResult DeriveClaude(AppPaths paths, Func<string, string?> getEnv)
    {
        var path = paths.ClaudeSettingsJson;
        var notes = new List<string>();
        var ours = OurProxy.For(ServiceKind.Claude, paths, getEnv);
        var (settings, source) = ReadClaudeOriginal(ReadText(path) ?? "", path, ours, notes);
        var auth = ClaudeAuth(settings, source, getEnv, notes);
        var baseUrl = settings.Env(ClaudeSettingsJson.BaseUrlKey) ?? getEnv(ClaudeSettingsJson.BaseUrlKey);
        if (baseUrl is null && !auth.HasAny)
        {
            throw new UserFacingException(
                $"no Claude Code relay or key to derive a config from ({path} has no env.ANTHROPIC_BASE_URL / ANTHROPIC_AUTH_TOKEN / ANTHROPIC_API_KEY); " +
                "add one: codex-helper config add NAME --claude --base-url URL --api-key KEY");
        }

        if (baseUrl is not null && ours.Owns(baseUrl))
        {
            throw SelfPointing(source, "codex-helper config add NAME --claude --base-url URL --api-key KEY");
        }

        baseUrl ??= AnthropicBaseUrl;
        notes.Insert(0, $"relay from {source}: {baseUrl}");
        var name = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Host : "claude";
        var upstream = new UpstreamConfig
        {
            BaseUrl = baseUrl,
            Auth = auth,
            Tags = new Dictionary<string, string> { ["source"] = "claude-settings" },
        };
        return new BootstrapResult(new ServiceConfig { Name = name, Upstreams = [upstream] }, notes);
    }

    /// <summary>settings.json, or its backup when it points at our proxy (a switched-on file hides the real relay).</summary>
    private static (ClaudeSettingsJson Settings, string Source) ReadClaudeOriginal(string text, string path, OurProxy ours, List<string> notes)
    {
        var settings = ClaudeSettingsJson.Parse(text, path);
        if (!settings.PointsAt(ours))
        {
            return (settings, path);
        }

        var backupPath = path + ClientConfigFile.BackupSuffix;
        var backup = ReadText(backupPath) ?? throw SelfPointing(path, "codex-helper config add NAME --claude --base-url URL --api-key KEY");
        settings = ClaudeSettingsJson.Parse(backup, backupPath);
        if (settings.PointsAt(ours))
        {
            throw SelfPointing(backupPath, "codex-helper config add NAME --claude --base-url URL --api-key KEY");
        }

        notes.Add($"{path} points at codex-helper's proxy; read the original settings from {backupPath}");
        return (settings, backupPath);
    }

    /// <summary>The key Claude Code would send: settings.json's env first, then the process environment (by name only).</summary>
    private static UpstreamAuth ClaudeAuth(ClaudeSettingsJson settings, string source, Func<string, string?> getEnv, List<string> notes)
    {
        var auth = new UpstreamAuth();
        if (settings.Env(ClaudeSettingsJson.AuthTokenKey) is { Length: > 0 } token && token != ClaudeSettingsJson.PlaceholderToken)
        {
            auth.AuthToken = token;
            notes.Add($"key: {ClaudeSettingsJson.AuthTokenKey} from {source} ({SecretMask.Mask(token)})");
        }
        else if (settings.Env(ClaudeSettingsJson.ApiKeyKey) is { Length: > 0 } key)
        {
            auth.ApiKey = key;
            notes.Add($"key: {ClaudeSettingsJson.ApiKeyKey} from {source} ({SecretMask.Mask(key)})");
        }
        else if (getEnv(ClaudeSettingsJson.AuthTokenKey) is { Length: > 0 })
        {
            auth.AuthTokenEnv = ClaudeSettingsJson.AuthTokenKey;
            notes.Add($"key: read from ${ClaudeSettingsJson.AuthTokenKey} at request time");
        }
        else if (getEnv(ClaudeSettingsJson.ApiKeyKey) is { Length: > 0 })
        {
            auth.ApiKeyEnv = ClaudeSettingsJson.ApiKeyKey;
            notes.Add($"key: read from ${ClaudeSettingsJson.ApiKeyKey} at request time");
        }

        return auth;
    }

    private static UserFacingException SelfPointing(string path, string addCommand) => new(
        $"{path} points at codex-helper's own proxy (127.0.0.1) and no usable backup exists, so the real upstream is unknown " +
        $"(using it would make the proxy call itself); run 'codex-helper switch off' or fix the file, or add the upstream: {addCommand}");

    private static string? ReadText(string path)
    {
        try
        {
            return ClientFileText.Decode(File.ReadAllBytes(path), path).Text;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}

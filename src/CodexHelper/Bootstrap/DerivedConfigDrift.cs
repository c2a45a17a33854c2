using CodexHelper.Configuration;

namespace CodexHelper.Bootstrap;

/// <summary>
/// A config derived once from the client's files (config.toml / settings.json) is a copy: when the user later edits those
/// files, the proxy keeps using the old relay or key. Start-up says so in one line instead of silently rewriting config.json,
/// which may hold the user's own edits.
/// </summary>
internal static class DerivedConfigDrift
{
    private static readonly string[] DerivedSources = ["codex-config", "claude-settings"];

    /// <summary>The one-line notice when the active config was derived and the client's files now say otherwise, else null.</summary>
    public static string? Describe(HelperConfig config, ServiceKind kind, AppPaths paths, Func<string, string?> getEnv)
    {
        var section = config.Section(kind);
        var active = section.ActiveConfig;
        if (active?.Upstreams.FirstOrDefault(IsDerived) is not { } held)
        {
            return null;
        }

        BootstrapResult now;
        try
        {
            now = ConfigBootstrap.Derive(kind, paths, getEnv);
        }
        catch (UserFacingException)
        {
            // The client's files no longer yield a config (removed, or pointing at us without a backup): nothing to compare with.
            return null;
        }

        var current = now.Config.Upstreams[0];
        var changes = new List<string>();
        if (!SameUrl(held.BaseUrl, current.BaseUrl))
        {
            changes.Add($"base_url {current.BaseUrl} (config.json has {held.BaseUrl})");
        }

        if (!SameKey(held.Auth, current.Auth))
        {
            changes.Add($"key {KeySource(current.Auth)} (config.json has {KeySource(held.Auth)})");
        }

        if (changes.Count == 0)
        {
            return null;
        }

        var file = kind == ServiceKind.Codex ? paths.CodexConfigToml : paths.ClaudeSettingsJson;
        var flag = kind == ServiceKind.Claude ? " --claude" : "";
        var fix = section.Configs.Count == 1
            ? $"codex-helper config remove {active.Name}{flag} (the next start derives it again)"
            : $"codex-helper config add NAME{flag} --base-url {current.BaseUrl} ... && codex-helper config set-active NAME{flag}";
        return $"codex-helper: note: config '{active.Name}' was derived from {file}, which now says {string.Join(", ", changes)}; " +
               $"still using config.json; to take the new settings run: {fix}";
    }

    private static bool IsDerived(UpstreamConfig upstream) =>
        upstream.Tags is { } tags && tags.TryGetValue("source", out var source) && DerivedSources.Contains(source);

    private static bool SameUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static bool SameKey(UpstreamAuth a, UpstreamAuth b) =>
        (a.AuthToken ?? "") == (b.AuthToken ?? "") && (a.ApiKey ?? "") == (b.ApiKey ?? "")
        && (a.AuthTokenEnv ?? "") == (b.AuthTokenEnv ?? "") && (a.ApiKeyEnv ?? "") == (b.ApiKeyEnv ?? "");

    /// <summary>Where the key comes from, for the notice: environment variable names as they are, keys masked.</summary>
    private static string KeySource(UpstreamAuth auth) =>
        auth.AuthTokenEnv is { Length: > 0 } tokenEnv ? $"${tokenEnv}"
        : auth.ApiKeyEnv is { Length: > 0 } keyEnv ? $"${keyEnv}"
        : auth.AuthToken is { Length: > 0 } token ? SecretMask.Mask(token)
        : auth.ApiKey is { Length: > 0 } key ? SecretMask.Mask(key)
        : "none";
}

using CodexHelper.Clients;

namespace CodexHelper.Diagnostics;

/// <summary>
/// Reports what Codex's config.toml and Claude's settings.json say about the proxy, through the Clients/
/// types that own those formats. It only looks: a broken file is a finding, not an error.
/// </summary>
internal static class ClientProbe
{
    public const string ProxyProviderId = CodexConfigToml.ProxyProviderId;
    public const string BackupSuffix = ClientConfigFile.BackupSuffix;

    public static ClientState Codex(AppPaths paths)
    {
        var file = paths.CodexConfigToml;
        var backup = file + BackupSuffix;
        var state = new ClientState { File = file, BackupExists = File.Exists(backup) };
        if (!File.Exists(file))
        {
            return state with { Provider = CodexConfigToml.DefaultProviderId };
        }

        if (!TryRead(file, CodexConfigToml.Parse, out var toml, out var problem))
        {
            return state with { Exists = true, Problem = problem };
        }

        var provider = toml.EffectiveProviderId;
        var baseUrl = toml.Provider(provider).BaseUrl;
        var overriding = toml.ProfileProviders.Where(p => p.Provider is not null && p.Provider != provider).Select(p => p.Profile).ToList();
        var backupAtProxy = state.BackupExists && TryRead(backup, CodexConfigToml.Parse, out var backupToml, out _) && backupToml.PointsAtLocalProxy;
        return state with
        {
            Exists = true,
            Provider = provider,
            BaseUrl = baseUrl,
            SwitchedOn = toml.PointsAtLocalProxy,
            BackupPointsAtProxy = backupAtProxy,
            OverridingProfiles = overriding,
        };
    }

    public static ClientState Claude(AppPaths paths)
    {
        var file = paths.ClaudeSettingsJson;
        var backup = file + BackupSuffix;
        var state = new ClientState { File = file, BackupExists = File.Exists(backup) };
        if (!File.Exists(file))
        {
            return state;
        }

        if (!TryRead(file, ClaudeSettingsJson.Parse, out var settings, out var problem))
        {
            return state with { Exists = true, Problem = problem };
        }

        var backupAtProxy = state.BackupExists && TryRead(backup, ClaudeSettingsJson.Parse, out var backupSettings, out _) && backupSettings.PointsAtLocalProxy;
        return state with
        {
            Exists = true,
            BaseUrl = settings.Env(ClaudeSettingsJson.BaseUrlKey),
            SwitchedOn = settings.PointsAtLocalProxy,
            BackupPointsAtProxy = backupAtProxy,
        };
    }

    private static bool TryRead<T>(string file, Func<string, string, T> parse, out T value, out string? problem)
        where T : class
    {
        value = null!;
        problem = null;
        try
        {
            var text = ClientFileText.Decode(File.ReadAllBytes(file), file);
            value = parse(text.Text, file);
            return true;
        }
        catch (UserFacingException ex)
        {
            problem = ex.Message;
        }
        catch (IOException ex)
        {
            problem = ex.Message;
        }
        catch (UnauthorizedAccessException ex)
        {
            problem = ex.Message;
        }

        return false;
    }
}

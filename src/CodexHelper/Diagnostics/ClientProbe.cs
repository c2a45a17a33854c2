using CodexHelper.Clients;
using CodexHelper.Configuration;

namespace CodexHelper.Diagnostics;

/// <summary>
/// Reports what Codex's config.toml and Claude's settings.json say about the proxy, through the Clients/
/// types that own those formats. It only looks: a broken file is a finding, not an error.
/// </summary>
internal static class ClientProbe
{
    public const string ProxyProviderId = CodexConfigToml.ProxyProviderId;
    public const string BackupSuffix = ClientConfigFile.BackupSuffix;

    /// <summary>
    /// The port the client's proxy is expected on: the one recorded at <c>switch on</c> while switched on
    /// (<c>ch --port 4000</c>), else the service's default.
    /// </summary>
    public static int ExpectedPort(ServiceKind kind, AppPaths paths, Func<string, string?> getEnv) =>
        OurProxy.RecordedPort(kind, paths) ?? ServicePorts.For(kind, getEnv);

    public static ClientState Codex(AppPaths paths, Func<string, string?> getEnv)
    {
        var ours = OurProxy.For(ServiceKind.Codex, paths, getEnv);
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
        var backupAtProxy = state.BackupExists && TryRead(backup, CodexConfigToml.Parse, out var backupToml, out _) && backupToml.PointsAt(ours);
        return state with
        {
            Exists = true,
            Provider = provider,
            BaseUrl = baseUrl,
            SwitchedOn = toml.PointsAt(ours),
            RemoteUrl = ours.Remote,
            TokenEnv = ours.TokenEnv,
            BackupPointsAtProxy = backupAtProxy,
            OverridingProfiles = overriding,
        };
    }

    public static ClientState Claude(AppPaths paths, Func<string, string?> getEnv)
    {
        var ours = OurProxy.For(ServiceKind.Claude, paths, getEnv);
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

        var backupAtProxy = state.BackupExists && TryRead(backup, ClaudeSettingsJson.Parse, out var backupSettings, out _) && backupSettings.PointsAt(ours);
        return state with
        {
            Exists = true,
            BaseUrl = settings.Env(ClaudeSettingsJson.BaseUrlKey),
            SwitchedOn = settings.PointsAt(ours),
            RemoteUrl = ours.Remote,
            TokenEnv = ours.TokenEnv,
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

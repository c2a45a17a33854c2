namespace CodexHelper;

/// <summary>
/// Every file codex-helper reads or writes is resolved here, so that tests (and users with
/// unusual setups) can move all of them with three environment variables.
/// </summary>
internal sealed record AppPaths(string HelperHome, string CodexHome, string ClaudeHome)
{
    public string ConfigJson => Path.Combine(HelperHome, "config.json");
    public string ConfigJsonBackup => Path.Combine(HelperHome, "config.json.bak");
    public string FilterJson => Path.Combine(HelperHome, "filter.json");
    public string UsageProvidersJson => Path.Combine(HelperHome, "usage_providers.json");
    public string TokensJson => Path.Combine(HelperHome, "tokens.json");
    public string PricesJson => Path.Combine(HelperHome, "prices.json");
    public string LogsDir => Path.Combine(HelperHome, "logs");
    public string RequestLog => Path.Combine(LogsDir, "requests.jsonl");
    public string CapturesDir => Path.Combine(HelperHome, "captures");

    public string CodexConfigToml => Path.Combine(CodexHome, "config.toml");
    public string CodexAuthJson => Path.Combine(CodexHome, "auth.json");
    public string CodexSessionsDir => Path.Combine(CodexHome, "sessions");
    public string CodexArchivedSessionsDir => Path.Combine(CodexHome, "archived_sessions");

    /// <summary>settings.json, or the legacy claude.json when only that one exists.</summary>
    public string ClaudeSettingsJson
    {
        get
        {
            var settings = Path.Combine(ClaudeHome, "settings.json");
            var legacy = Path.Combine(ClaudeHome, "claude.json");
            return !File.Exists(settings) && File.Exists(legacy) ? legacy : settings;
        }
    }

    public string ClaudeProjectsDir => Path.Combine(ClaudeHome, "projects");

    public static AppPaths FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    public static AppPaths FromEnvironment(Func<string, string?> getEnv) =>
        FromEnvironment(getEnv, OperatingSystem.IsWindows(), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>
    /// The home is HOME on Unix; on Windows it is USERPROFILE, where Codex (Rust's home_dir) and Claude Code (Node's
    /// os.homedir) look too: HOME there is often Git Bash's or MSYS's own (/c/Users/ana), which neither client reads.
    /// </summary>
    public static AppPaths FromEnvironment(Func<string, string?> getEnv, bool isWindows, string profileFolder)
    {
        var home = getEnv(isWindows ? "USERPROFILE" : "HOME") is { Length: > 0 } h ? h : profileFolder;
        string Pick(string fallback, params string[] vars)
        {
            foreach (var v in vars)
            {
                if (getEnv(v) is { Length: > 0 } value)
                {
                    return ExpandHome(value, home, isWindows);
                }
            }
            return Path.Combine(home, fallback);
        }

        return new AppPaths(
            Pick(".codex-helper", "CODEX_HELPER_HOME"),
            Pick(".codex", "CODEX_HOME"),
            Pick(".claude", "CLAUDE_CONFIG_DIR", "CLAUDE_HOME"));
    }

    private static string ExpandHome(string value, string home, bool isWindows) =>
        value == "~" ? home
        : value.StartsWith("~/", StringComparison.Ordinal) || (isWindows && value.StartsWith("~\\", StringComparison.Ordinal))
            ? Path.Combine(home, value[2..])
            : value;
}

using CodexHelper.Clients;
using CodexHelper.Configuration;

namespace CodexHelper.Diagnostics;

/// <summary>Checks of the two clients: installed, their files readable, switched on consistently.</summary>
internal static class ClientChecks
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(5);

    public static async Task<DoctorCheck> CliAsync(ServiceKind kind, Func<string, string?> getEnv, CancellationToken ct)
    {
        var (id, exe, install) = kind == ServiceKind.Codex
            ? ("codex.cli", "codex", "npm install -g @openai/codex")
            : ("claude.cli", "claude", "npm install -g @anthropic-ai/claude-code");
        var found = CliVersionProbe.FindOnPath(exe, getEnv);
        if (found is null)
        {
            // Most people use only one of the two clients; a missing Claude Code is not a problem in itself.
            return kind == ServiceKind.Codex
                ? DoctorCheck.Warning(id, "codex is not on PATH", $"install it: {install}")
                : DoctorCheck.Note(id, "claude is not on PATH", $"only needed for Claude Code: {install}");
        }

        var (ok, text) = await CliVersionProbe.VersionAsync(found, VersionTimeout, ct);
        return ok
            ? DoctorCheck.Pass(id, $"{found}: {text}")
            : DoctorCheck.Warning(id, $"{found}: {text}", $"check that `{exe} --version` works in a terminal");
    }

    public static DoctorCheck CodexConfigToml(ClientState codex) =>
        !codex.Exists ? DoctorCheck.Warning("codex.config.toml", $"{codex.File} does not exist", "run codex once, or `codex-helper switch on` to create it")
        : codex.Problem is { } p ? DoctorCheck.Failure("codex.config.toml", $"{codex.File}: {p}", "fix the file by hand; codex-helper will not rewrite a file it cannot parse")
        : DoctorCheck.Pass("codex.config.toml", $"{codex.File} parses; model_provider = {codex.Provider}");

    public static IReadOnlyList<DoctorCheck> CodexAuth(AppPaths paths)
    {
        var file = paths.CodexAuthJson;
        CodexAuthJson? auth;
        try
        {
            auth = CodexAuthJson.Load(file);
        }
        catch (UserFacingException ex)
        {
            return [DoctorCheck.Failure("codex.auth.json", ex.Message, "run `codex login` again to rewrite it")];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [DoctorCheck.Failure("codex.auth.json", $"{file}: {ex.Message}")];
        }

        if (auth is null)
        {
            return
            [
                DoctorCheck.Note("codex.auth.json", $"{file} does not exist", "fine when config.json holds the upstream keys"),
                DoctorCheck.Note("codex.auth.api_key", "no Codex login or API key (auth.json missing)", "fine when config.json holds the upstream keys"),
            ];
        }

        return
        [
            DoctorCheck.Pass("codex.auth.json", $"{file} parses"),
            auth.HasApiKey ? DoctorCheck.Pass("codex.auth.api_key", "auth.json holds an API key")
                : auth.HasChatGptTokens ? DoctorCheck.Pass("codex.auth.api_key", "auth.json holds a ChatGPT login (no API key)")
                : DoctorCheck.Note("codex.auth.api_key", "auth.json holds neither an API key nor a login", "fine when config.json holds the upstream keys"),
        ];
    }

    public static DoctorCheck ClaudeSettings(ClientState claude) =>
        !claude.Exists ? DoctorCheck.Note("claude.settings.json", $"{claude.File} does not exist", "created by `codex-helper switch on --claude`")
        : claude.Problem is { } p ? DoctorCheck.Failure("claude.settings.json", $"{claude.File}: {p}", "fix the file by hand; codex-helper will not rewrite a file it cannot parse")
        : DoctorCheck.Pass("claude.settings.json", $"{claude.File} parses");

    public static DoctorCheck Switch(ServiceKind kind, ClientState client, int port)
    {
        var id = $"{kind.Name()}.switch";
        var flag = kind == ServiceKind.Codex ? "" : " --claude";
        if (client.Problem is not null)
        {
            return DoctorCheck.Note(id, "cannot tell: the client's file does not parse (see above)");
        }

        if (client.BackupPointsAtProxy)
        {
            return DoctorCheck.Failure(id, $"the backup {client.File}{ClientProbe.BackupSuffix} points at the local proxy too: `switch off` would not restore the original upstream",
                $"edit the backup so it names the real provider, or delete it and set the provider by hand");
        }

        if (!client.SwitchedOn)
        {
            var target = client.BaseUrl ?? (kind == ServiceKind.Codex ? $"provider {client.Provider}" : "the default Anthropic API");
            return client.BackupExists
                ? DoctorCheck.Note(id, $"switched off (talks to {target}); a backup from an earlier switch is kept", $"`codex-helper switch on{flag}` reuses it")
                : DoctorCheck.Pass(id, $"switched off (talks to {target})");
        }

        if (client.UsesGateway)
        {
            // The gateway's own check (reachable, token variable set) follows; no local port is involved.
            var what = $"switched on to the gateway {client.RemoteUrl} (token from ${client.TokenEnv})";
            return client.BackupExists
                ? DoctorCheck.Pass(id, $"{what}; backup present")
                : DoctorCheck.Pass(id, $"{what}; codex-helper created the file, `switch off{flag}` removes it");
        }

        if (client.LocalPort is { } p && p != port)
        {
            return DoctorCheck.Warning(id, $"switched on, but points at port {p} while codex-helper expects {port}",
                $"run `codex-helper switch on{flag} --port {port}`, or set {ServicePorts.EnvVar(kind)}={p}");
        }

        return client.BackupExists
            ? DoctorCheck.Pass(id, $"switched on: {client.BaseUrl}; backup present")
            : DoctorCheck.Warning(id, $"switched on: {client.BaseUrl}, but there is no backup", "`switch off` cannot restore the original settings; note your real provider");
    }

    public static DoctorCheck CodexProfiles(ClientState codex) =>
        codex.OverridingProfiles.Count == 0
            ? DoctorCheck.Pass("codex.profiles", "no profile overrides model_provider")
            : DoctorCheck.Warning("codex.profiles",
                $"profile{(codex.OverridingProfiles.Count == 1 ? "" : "s")} {string.Join(", ", codex.OverridingProfiles)} set their own model_provider: Codex bypasses {(codex.SwitchedOn ? "the proxy" : "the top-level provider")} when one is used",
                "remove model_provider from those [profiles.*] tables, or set it to codex_proxy");
}

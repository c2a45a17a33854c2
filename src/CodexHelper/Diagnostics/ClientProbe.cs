using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;

namespace CodexHelper.Diagnostics;

/// <summary>
/// Reads Codex's config.toml and Claude's settings.json READ-ONLY to report whether they point at the proxy.
/// The Clients/ folder owns writing these files; this only looks, so a broken file is a finding, not an error.
/// </summary>
public static class ClientProbe
{
    public const string ProxyProviderId = "codex_proxy";
    public const string BackupSuffix = ".codex-helper-backup";

    public static ClientState Codex(AppPaths paths)
    {
        var file = paths.CodexConfigToml;
        var backup = file + BackupSuffix;
        var state = new ClientState { File = file, BackupExists = System.IO.File.Exists(backup) };
        if (!System.IO.File.Exists(file))
        {
            return state with { Provider = "openai" };
        }

        if (!TryReadToml(file, out var table, out var problem))
        {
            return state with { Exists = true, Problem = problem };
        }

        var provider = Str(table, "model_provider") ?? "openai";
        var baseUrl = ProviderBaseUrl(table, provider);
        var overriding = new List<string>();
        if (table.TryGetValue("profiles", out var p) && p is TomlTable profiles)
        {
            foreach (var (name, value) in profiles)
            {
                if (value is TomlTable profile && Str(profile, "model_provider") is { } own && own != provider)
                {
                    overriding.Add(name);
                }
            }
        }

        var backupAtProxy = state.BackupExists && TryReadToml(backup, out var backupTable, out _)
            && Str(backupTable, "model_provider") == ProxyProviderId && IsLocal(ProviderBaseUrl(backupTable, ProxyProviderId));
        return state with
        {
            Exists = true,
            Provider = provider,
            BaseUrl = baseUrl,
            SwitchedOn = provider == ProxyProviderId && IsLocal(baseUrl),
            BackupPointsAtProxy = backupAtProxy,
            OverridingProfiles = overriding,
        };
    }

    public static ClientState Claude(AppPaths paths)
    {
        var file = paths.ClaudeSettingsJson;
        var backup = file + BackupSuffix;
        var state = new ClientState { File = file, BackupExists = System.IO.File.Exists(backup) };
        if (!System.IO.File.Exists(file))
        {
            return state;
        }

        if (!TryReadClaudeBaseUrl(file, out var baseUrl, out var problem))
        {
            return state with { Exists = true, Problem = problem };
        }

        var backupAtProxy = state.BackupExists && TryReadClaudeBaseUrl(backup, out var backupUrl, out _) && IsLocal(backupUrl);
        return state with { Exists = true, BaseUrl = baseUrl, SwitchedOn = IsLocal(baseUrl), BackupPointsAtProxy = backupAtProxy };
    }

    public static bool IsLocal(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));

    private static string? ProviderBaseUrl(TomlTable table, string provider) =>
        table.TryGetValue("model_providers", out var mp) && mp is TomlTable providers
        && providers.TryGetValue(provider, out var pv) && pv is TomlTable p
            ? Str(p, "base_url")
            : provider == "openai" ? "https://api.openai.com/v1" : null;

    private static string? Str(TomlTable table, string key) => table.TryGetValue(key, out var v) && v is string s ? s : null;

    private static bool TryReadToml(string file, out TomlTable table, out string? problem)
    {
        table = new TomlTable();
        problem = null;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(System.IO.File.ReadAllText(file), ClientTomlContext.Default) ?? new TomlTable();
            return true;
        }
        catch (TomlException ex)
        {
            problem = $"invalid TOML: {FirstLine(ex.Message)}";
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

    private static bool TryReadClaudeBaseUrl(string file, out string? baseUrl, out string? problem)
    {
        baseUrl = null;
        problem = null;
        try
        {
            using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "expected a JSON object";
                return false;
            }

            if (doc.RootElement.TryGetProperty("env", out var env) && env.ValueKind == JsonValueKind.Object
                && env.TryGetProperty("ANTHROPIC_BASE_URL", out var url) && url.ValueKind == JsonValueKind.String)
            {
                baseUrl = url.GetString();
            }

            return true;
        }
        catch (JsonException ex)
        {
            problem = $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}";
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

    private static string FirstLine(string text)
    {
        var nl = text.IndexOf('\n', StringComparison.Ordinal);
        return (nl < 0 ? text : text[..nl]).Trim();
    }
}

using System.Text.Json.Serialization;
using CodexHelper.Clients;

namespace CodexHelper.Diagnostics;

/// <summary>What a client's file says about codex-helper: is it switched on, where does it point, is there a backup.</summary>
internal sealed record ClientState
{
    [JsonPropertyName("file")] public string File { get; init; } = "";
    [JsonPropertyName("exists")] public bool Exists { get; init; }
    /// <summary>Why the file could not be read (parse error with line), or null.</summary>
    [JsonPropertyName("problem")] public string? Problem { get; init; }
    /// <summary>Codex: the top-level model_provider (openai when unset). Null for Claude.</summary>
    [JsonPropertyName("provider")] public string? Provider { get; init; }
    /// <summary>Where the client sends requests (Codex: the provider's base_url; Claude: env.ANTHROPIC_BASE_URL), null for the client's default.</summary>
    [JsonPropertyName("base_url")] public string? BaseUrl { get; init; }
    [JsonPropertyName("switched_on")] public bool SwitchedOn { get; init; }
    /// <summary>The remote codex-helper gateway the client was pointed at by <c>switch on --remote</c>, or null.</summary>
    [JsonPropertyName("remote_url")] public string? RemoteUrl { get; init; }
    /// <summary>The name (never the value) of the variable the client takes the gateway token from, while switched remote.</summary>
    [JsonPropertyName("token_env")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TokenEnv { get; init; }
    [JsonPropertyName("backup_exists")] public bool BackupExists { get; init; }
    /// <summary>True when the backup itself points at a local proxy: switching off would not restore the original upstream.</summary>
    [JsonPropertyName("backup_points_at_proxy")] public bool BackupPointsAtProxy { get; init; }
    /// <summary>Codex profiles whose own model_provider differs from the top-level one.</summary>
    [JsonPropertyName("overriding_profiles")] public IReadOnlyList<string> OverridingProfiles { get; init; } = [];

    /// <summary>True while the file sends the client to the gateway of <c>switch on --remote</c>: the local proxy is not used.</summary>
    [JsonIgnore]
    public bool UsesGateway => SwitchedOn && RemoteUrl is not null && string.Equals(BaseUrl?.TrimEnd('/'), RemoteUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The port of a local base URL, or null.</summary>
    [JsonIgnore]
    public int? LocalPort => LocalUrl.IsLocal(BaseUrl) ? LocalUrl.Port(BaseUrl) : null;
}

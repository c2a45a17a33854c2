using System.Text.Json.Serialization;

namespace CodexHelper.Clients;

/// <summary>
/// What codex-helper remembers about its last <c>switch on</c> of one client: a hash of exactly what
/// it wrote (so <c>switch off</c> can tell an untouched file from one the user edited meanwhile) and
/// whether the file existed before. The old values themselves live in the backup, not here.
/// </summary>
internal sealed class SwitchRecord
{
    [JsonPropertyName("file")]
    public string File { get; set; } = "";

    [JsonPropertyName("written_sha256")]
    public string WrittenSha256 { get; set; } = "";

    [JsonPropertyName("created_file")]
    public bool CreatedFile { get; set; }

    [JsonPropertyName("port")]
    public int Port { get; set; }

    /// <summary>Codex: the provider id the file used when switched on (kept, so sessions stay resumable); null for Claude.</summary>
    [JsonPropertyName("provider")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Provider { get; set; }

    /// <summary>True when the client points at a remote codex-helper gateway (<c>switch on --remote</c>).</summary>
    [JsonPropertyName("remote")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Remote { get; set; }

    [JsonPropertyName("remote_url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RemoteUrl { get; set; }

    /// <summary>The name (never the value) of the environment variable holding the gateway token.</summary>
    [JsonPropertyName("token_env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TokenEnv { get; set; }

    [JsonPropertyName("switched_at")]
    public DateTimeOffset SwitchedAt { get; set; }
}

using System.Text.Json.Serialization;

namespace CodexHelper.Clients;

/// <summary>What <c>switch status</c> reports, as a table or as <c>--json</c>.</summary>
internal sealed record SwitchStatus(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("file_exists")] bool FileExists,
    [property: JsonPropertyName("switched_on")] bool SwitchedOn,
    [property: JsonPropertyName("provider")] string? Provider,
    [property: JsonPropertyName("base_url")] string? BaseUrl,
    [property: JsonPropertyName("backup_exists")] bool BackupExists,
    [property: JsonPropertyName("backup_file")] string BackupFile,
    [property: JsonPropertyName("edited_since_switch")] bool? EditedSinceSwitch,
    [property: JsonPropertyName("port")] int? Port = null,
    [property: JsonPropertyName("remote")] bool Remote = false,
    [property: JsonPropertyName("token_env")] string? TokenEnv = null);

/// <summary>The result of <c>switch on</c> / <c>switch off</c>: what happened, in words for the user.</summary>
internal sealed record SwitchOutcome(bool Changed, IReadOnlyList<string> Messages);

using System.Text.Json.Serialization;

namespace CodexHelper.Clients;

/// <summary><c>$CODEX_HELPER_HOME/switch-state.json</c>.</summary>
internal sealed class SwitchStateFile
{
    [JsonPropertyName("codex")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SwitchRecord? Codex { get; set; }

    [JsonPropertyName("claude")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SwitchRecord? Claude { get; set; }
}

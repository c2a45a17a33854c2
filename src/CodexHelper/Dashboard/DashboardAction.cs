using System.Text.Json.Serialization;

namespace CodexHelper.Dashboard;

/// <summary>
/// The body of <c>POST /__codex_helper/api/action</c>. <c>action</c> is <c>set_active</c> (with <c>config</c>),
/// <c>disable</c>, <c>enable</c> or <c>clear_cooldown</c> (with <c>upstream</c>, a base URL).
/// </summary>
internal sealed record DashboardAction
{
    [JsonPropertyName("action")] public string Action { get; init; } = "";
    [JsonPropertyName("service")] public string? Service { get; init; }
    [JsonPropertyName("config")] public string? Config { get; init; }
    [JsonPropertyName("upstream")] public string? Upstream { get; init; }
}

internal sealed record ActionResult
{
    [JsonPropertyName("ok")] public bool Ok { get; init; }
    [JsonPropertyName("message")] public string Message { get; init; } = "";
}

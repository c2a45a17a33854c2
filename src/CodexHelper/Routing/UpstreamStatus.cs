using System.Text.Json.Serialization;

namespace CodexHelper.Routing;

/// <summary>
/// One upstream as <c>GET /__codex_helper/status</c> reports it. <c>state</c> is one of
/// <c>ok</c>, <c>cooling_down</c>, <c>half_open</c>, <c>exhausted</c>.
/// </summary>
internal sealed record UpstreamStatus
{
    [JsonPropertyName("base_url")] public string BaseUrl { get; init; } = "";
    /// <summary>The upstream's id when another upstream shares its base_url (base_url#key fingerprint); absent otherwise, the base_url being its id.</summary>
    [JsonPropertyName("id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }
    [JsonPropertyName("state")] public string State { get; init; } = "ok";
    /// <summary><c>"disabled"</c> while a person has taken the upstream out of rotation; absent otherwise.</summary>
    [JsonPropertyName("manual")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Manual { get; init; }
    /// <summary>The protocol the relay speaks when config.json names one (it is then translated to when not the client's); absent = the client's own.</summary>
    [JsonPropertyName("protocol")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Protocol { get; init; }
    [JsonPropertyName("consecutive_failures")] public int ConsecutiveFailures { get; init; }
    [JsonPropertyName("cooldown_remaining_s")] public double CooldownRemainingS { get; init; }
    [JsonPropertyName("last_error")] public string? LastError { get; init; }
    [JsonPropertyName("last_status")] public int? LastStatus { get; init; }
    [JsonPropertyName("requests")] public long Requests { get; init; }
    [JsonPropertyName("failures")] public long Failures { get; init; }
    /// <summary>ISO-8601 UTC time of the last request sent to it, or null.</summary>
    [JsonPropertyName("last_used")] public DateTimeOffset? LastUsed { get; init; }
}

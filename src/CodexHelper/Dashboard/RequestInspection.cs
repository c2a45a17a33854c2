using System.Text.Json.Serialization;

namespace CodexHelper.Dashboard;

/// <summary>The body of <c>GET /__codex_helper/api/requests/{id}</c>: what the inspector shows of one request.</summary>
internal sealed record RequestInspection
{
    [JsonPropertyName("request")] public FeedItem Request { get; init; } = new();
    [JsonPropertyName("captured")] public bool Captured { get; init; }
    /// <summary>Header name and value, keys masked (sk-...abcd).</summary>
    [JsonPropertyName("headers")] public IReadOnlyList<string[]> Headers { get; init; } = [];
    [JsonPropertyName("request_body")] public string? RequestBody { get; init; }
    [JsonPropertyName("request_body_bytes")] public long RequestBodyBytes { get; init; }
    [JsonPropertyName("request_body_truncated")] public bool RequestBodyTruncated { get; init; }
    /// <summary>The start of the body as translated into the upstream's protocol; null when not translated.</summary>
    [JsonPropertyName("translated_body")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TranslatedBody { get; init; }
    [JsonPropertyName("response_head")] public string? ResponseHead { get; init; }
    /// <summary>Upstream and the start of its error answer, per failed attempt that had one.</summary>
    [JsonPropertyName("attempt_bodies")] public IReadOnlyList<string[]> AttemptBodies { get; init; } = [];
}

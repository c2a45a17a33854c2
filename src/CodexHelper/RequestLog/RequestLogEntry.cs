using System.Text.Json.Serialization;
using CodexHelper.TokenCounts;

namespace CodexHelper.RequestLog;

/// <summary>
/// One line of logs/requests.jsonl. The first nine fields are the original tool's stable contract
/// and are never renamed; everything after them was added by us and is omitted when empty.
/// Never holds a key or a body.
/// </summary>
internal sealed record RequestLogEntry
{
    [JsonPropertyName("timestamp_ms")]
    public long TimestampMs { get; init; }

    [JsonPropertyName("service")]
    public string Service { get; init; } = "";

    [JsonPropertyName("method")]
    public string Method { get; init; } = "";

    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    [JsonPropertyName("status_code")]
    public int StatusCode { get; init; }

    [JsonPropertyName("duration_ms")]
    public long DurationMs { get; init; }

    [JsonPropertyName("config_name")]
    public string? ConfigName { get; init; }

    [JsonPropertyName("upstream_base_url")]
    public string? UpstreamBaseUrl { get; init; }

    [JsonPropertyName("usage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TokenUsage? Usage { get; init; }

    // --- additions (never renamed once released) ---

    /// <summary>Time until the first response byte reached the client.</summary>
    [JsonPropertyName("ttfb_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TtfbMs { get; init; }

    /// <summary>The <c>model</c> field of the request body.</summary>
    [JsonPropertyName("model")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    /// <summary>The model sent upstream, when the upstream's <c>model_map</c> changed it (<c>model</c> is what the client asked for).</summary>
    [JsonPropertyName("upstream_model")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UpstreamModel { get; init; }

    /// <summary>What went wrong, when the request failed (transport error, cut stream, timeout).</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>How the request ended, one of <see cref="RequestOutcome"/>'s values; absent in lines written before it existed.</summary>
    [JsonPropertyName("outcome")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Outcome { get; init; }

    [JsonPropertyName("client_aborted")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ClientAborted { get; init; }

    /// <summary>False when the body was compressed and the filter could not apply.</summary>
    [JsonPropertyName("filtered")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Filtered { get; init; }

    /// <summary>Every attempt, when the request needed more than one.</summary>
    [JsonPropertyName("attempts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RequestAttempt>? Attempts { get; init; }

    /// <summary>The client's session (Codex <c>session-id</c>, Claude Code <c>x-claude-code-session-id</c>); always written, null when none.</summary>
    [JsonPropertyName("session_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? SessionId { get; init; }

    /// <summary>US dollars, price multiplier applied; always written, null when the tokens could not be priced.</summary>
    [JsonPropertyName("cost_usd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public decimal? CostUsd { get; init; }

    /// <summary>Gateway mode: the name (never the value) of the client token the request came with.</summary>
    [JsonPropertyName("client_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientToken { get; init; }

    /// <summary>The protocol the serving upstream was spoken to in (<c>responses</c>, <c>chat</c>, <c>anthropic</c>); differs from the client's when translated.</summary>
    [JsonPropertyName("upstream_protocol")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UpstreamProtocol { get; init; }

    /// <summary>What the translation left out because the upstream's protocol has no equivalent (e.g. a hosted web_search tool).</summary>
    [JsonPropertyName("translation_dropped")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? TranslationDropped { get; init; }

    /// <summary>Keepalives the proxy sent the client while the upstream was silent (absent: none).</summary>
    [JsonPropertyName("keepalives")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Keepalives { get; init; }
    /// <summary>How many items of reasoning state (encrypted reasoning, signed thinking) were left out because another upstream minted them.</summary>
    [JsonPropertyName("state_cleaned")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? StateCleaned { get; init; }

    /// <summary>Why the client session was served elsewhere than on the upstream of its last turn (e.g. "previous upstream cooling down").</summary>
    [JsonPropertyName("session_moved")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionMoved { get; init; }

    /// <summary>Gateway mode: the replica that served the request (its log is requests.&lt;instance&gt;.jsonl).</summary>
    [JsonPropertyName("instance")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Instance { get; init; }
}

internal sealed record RequestAttempt
{
    [JsonPropertyName("upstream_base_url")]
    public string UpstreamBaseUrl { get; init; } = "";

    [JsonPropertyName("status_code")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? StatusCode { get; init; }

    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    [JsonPropertyName("duration_ms")]
    public long DurationMs { get; init; }
}

using System.Text.Json.Serialization;
using CodexHelper.RequestLog;

namespace CodexHelper.Dashboard;

/// <summary>One line of the live request feed (the <c>request</c> event). Built from the request-log entry; never holds a key.</summary>
internal sealed record FeedItem
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("ts")] public long TimestampMs { get; init; }
    [JsonPropertyName("service")] public string Service { get; init; } = "";
    [JsonPropertyName("method")] public string Method { get; init; } = "";
    [JsonPropertyName("path")] public string Path { get; init; } = "";
    [JsonPropertyName("status")] public int Status { get; init; }
    [JsonPropertyName("duration_ms")] public long DurationMs { get; init; }
    [JsonPropertyName("ttfb_ms")] public long? TtfbMs { get; init; }
    [JsonPropertyName("model")] public string? Model { get; init; }
    [JsonPropertyName("config")] public string? Config { get; init; }
    [JsonPropertyName("upstream")] public string? Upstream { get; init; }
    /// <summary>The protocol the upstream was spoken to in (translated when not the client's own).</summary>
    [JsonPropertyName("upstream_protocol")] public string? UpstreamProtocol { get; init; }
    /// <summary>What the translation left out (no equivalent in the upstream's protocol).</summary>
    [JsonPropertyName("translation_dropped")] public IReadOnlyList<string>? TranslationDropped { get; init; }
    /// <summary>Keepalives sent to the client while the upstream was silent (null: none).</summary>
    [JsonPropertyName("keepalives")] public int? Keepalives { get; init; }
    /// <summary>Items of reasoning state left out because another upstream minted them (the inspector's upstream body shows which went).</summary>
    [JsonPropertyName("state_cleaned")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? StateCleaned { get; init; }
    /// <summary>Why the session was served elsewhere than on the upstream of its last turn (the log's <c>session_moved</c>).</summary>
    [JsonPropertyName("session_moved")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SessionMoved { get; init; }
    [JsonPropertyName("input_tokens")] public long InputTokens { get; init; }
    [JsonPropertyName("cached_input_tokens")] public long CachedInputTokens { get; init; }
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; init; }
    [JsonPropertyName("reasoning_tokens")] public long ReasoningTokens { get; init; }
    [JsonPropertyName("total_tokens")] public long TotalTokens { get; init; }
    [JsonPropertyName("session_id")] public string? SessionId { get; init; }
    [JsonPropertyName("cost_usd")] public decimal? CostUsd { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("client_aborted")] public bool ClientAborted { get; init; }
    /// <summary>The failover chain, when the request needed more than one upstream.</summary>
    [JsonPropertyName("attempts")] public IReadOnlyList<RequestAttempt>? Attempts { get; init; }
    /// <summary>True when the inspector holds headers and bodies for it.</summary>
    [JsonPropertyName("captured")] public bool Captured { get; init; }

    public static FeedItem From(long id, RequestLogEntry e, bool captured)
    {
        var u = e.Usage;
        return new FeedItem
        {
            Id = id,
            TimestampMs = e.TimestampMs,
            Service = e.Service,
            Method = e.Method,
            Path = e.Path,
            Status = e.StatusCode,
            DurationMs = e.DurationMs,
            TtfbMs = e.TtfbMs,
            Model = e.Model,
            Config = e.ConfigName,
            Upstream = e.UpstreamBaseUrl,
            UpstreamProtocol = e.UpstreamProtocol,
            TranslationDropped = e.TranslationDropped,
            Keepalives = e.Keepalives,
            StateCleaned = e.StateCleaned,
            SessionMoved = e.SessionMoved,
            InputTokens = u?.InputTokens ?? 0,
            CachedInputTokens = u?.CachedInputTokens ?? 0,
            OutputTokens = u?.OutputTokens ?? 0,
            ReasoningTokens = u?.ReasoningTokens ?? 0,
            TotalTokens = u is null ? 0 : u.TotalTokens > 0 ? u.TotalTokens : u.InputTokens + u.OutputTokens,
            SessionId = e.SessionId,
            CostUsd = e.CostUsd,
            Error = e.Error,
            ClientAborted = e.ClientAborted,
            Attempts = e.Attempts,
            Captured = captured,
        };
    }
}

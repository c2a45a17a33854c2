using System.Text.Json.Serialization;

namespace CodexHelper.Configuration;

/// <summary>
/// The optional <c>routing</c> object of config.json, flat as the file has it. Every knob has the default the issue
/// names; an absent object means all defaults. The proxy reads it through views that say when each group applies:
/// <see cref="IntakeLimits"/> and <see cref="RequestTimeouts"/> per request (from the snapshot it started with),
/// <see cref="BreakerSettings"/> from the next recorded failure; <see cref="ConnectTimeoutSecs"/> only at start.
/// </summary>
internal sealed class RoutingOptions
{
    /// <summary>Consecutive failures that put an upstream into cooldown.</summary>
    [JsonPropertyName("failure_threshold")]
    public int FailureThreshold { get; set; } = 3;

    [JsonPropertyName("cooldown_secs")]
    public double CooldownSecs { get; set; } = 30;

    [JsonPropertyName("connect_timeout_secs")]
    public double ConnectTimeoutSecs { get; set; } = 10;

    /// <summary>Time allowed until the upstream's response headers arrive.</summary>
    [JsonPropertyName("header_timeout_secs")]
    public double HeaderTimeoutSecs { get; set; } = 300;

    /// <summary>A streaming response that sends no byte for this long is treated as failed.</summary>
    [JsonPropertyName("idle_timeout_secs")]
    public double IdleTimeoutSecs { get; set; } = 300;

    /// <summary>
    /// How long a streaming answer is held for its first meaningful event (an error there fails over); past it, the
    /// answer is committed as it is. Also bounded by <see cref="IdleTimeoutSecs"/>.
    /// </summary>
    [JsonPropertyName("first_event_timeout_secs")]
    public double FirstEventTimeoutSecs { get; set; } = 20;

    /// <summary>
    /// While the upstream is silent, something reaches the client at least this often (an SSE comment, or an Anthropic
    /// <c>ping</c>), so that no middlebox cutting idle connections ends a turn that is only thinking. 0 turns it off.
    /// </summary>
    [JsonPropertyName("keepalive_secs")]
    public double KeepaliveSecs { get; set; } = 15;

    /// <summary>Bound on all attempts of one client request together.</summary>
    [JsonPropertyName("request_deadline_secs")]
    public double RequestDeadlineSecs { get; set; } = 600;

    [JsonPropertyName("max_request_body_bytes")]
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary><c>decode</c>: compressed request bodies are decoded, filtered and sent uncompressed; <c>passthrough</c>: sent as they came.</summary>
    [JsonPropertyName("request_body_encoding")]
    public string RequestBodyEncoding { get; set; } = RequestBodyEncodings.Decode;

    /// <summary>
    /// A client session (its session header) stays on the upstream that served its last turn while that upstream is
    /// healthy, where its prompt cache and reasoning state are; off, every request follows the priority order.
    /// </summary>
    [JsonPropertyName("session_affinity")]
    public bool SessionAffinity { get; set; } = true;

    public static RoutingOptions Default { get; } = new();
}

using System.Text.Json.Serialization;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Proxy.Snapshot;

namespace CodexHelper.Diagnostics;

/// <summary>What <c>status</c> prints (and <c>status --json</c> serialises). Holds no key, ever.</summary>
internal sealed record StatusReport
{
    [JsonPropertyName("services")] public IReadOnlyList<ServiceStatusView> Services { get; init; } = [];
    [JsonPropertyName("log")] public LogStatus Log { get; init; } = new();
}

internal sealed record ServiceStatusView
{
    [JsonPropertyName("service")] public string Service { get; init; } = "";
    [JsonPropertyName("port")] public int Port { get; init; }
    /// <summary><c>running</c>, <c>not_running</c>, <c>port_in_use</c> (held by another program), or <c>not_used</c> while the
    /// client is switched to a gateway (<c>switch on --remote</c>) and no local proxy runs.</summary>
    [JsonPropertyName("proxy")] public string Proxy { get; init; } = "not_running";
    [JsonPropertyName("proxy_detail")] public string? ProxyDetail { get; init; }
    [JsonPropertyName("pid")] public int? Pid { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("uptime_s")] public double? UptimeS { get; init; }
    [JsonPropertyName("totals")] public ProxyTotals? Totals { get; init; }
    /// <summary>The running proxy's session affinity (sessions pinned, last moves and why); absent when no proxy runs.</summary>
    [JsonPropertyName("sessions")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Routing.SessionsStatus? Sessions { get; init; }
    /// <summary>The running proxy's disk capture (<c>--capture</c>); absent when off.</summary>
    [JsonPropertyName("capture")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ProxyCaptureStatus? Capture { get; init; }
    /// <summary>From the running proxy, else from config.json.</summary>
    [JsonPropertyName("active_config")] public string? ActiveConfig { get; init; }
    /// <summary><c>proxy</c> (live health) or <c>config.json</c>.</summary>
    [JsonPropertyName("source")] public string Source { get; init; } = "config.json";
    [JsonPropertyName("config_problem")] public string? ConfigProblem { get; init; }
    [JsonPropertyName("upstreams")] public IReadOnlyList<StatusUpstreamView> Upstreams { get; init; } = [];
    [JsonPropertyName("client")] public ClientState Client { get; init; } = new();
    /// <summary>While switched to a gateway: whether it answers (the same check as doctor's); null otherwise.</summary>
    [JsonPropertyName("gateway")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DoctorCheck? Gateway { get; init; }
}

/// <summary>One upstream: live state when the proxy runs (<c>ok</c>, <c>cooling_down</c>, <c>half_open</c>, <c>exhausted</c>), else <c>null</c>.</summary>
internal sealed record StatusUpstreamView
{
    [JsonPropertyName("base_url")] public string BaseUrl { get; init; } = "";
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("consecutive_failures")] public int? ConsecutiveFailures { get; init; }
    [JsonPropertyName("cooldown_remaining_s")] public double? CooldownRemainingS { get; init; }
    [JsonPropertyName("last_error")] public string? LastError { get; init; }
    /// <summary>"disabled" while taken out of rotation by hand (dashboard or `upstream disable`); null otherwise.</summary>
    [JsonPropertyName("manual")] public string? Manual { get; init; }
    [JsonPropertyName("requests")] public long? Requests { get; init; }
    [JsonPropertyName("failures")] public long? Failures { get; init; }
    /// <summary>Whether config.json gives this upstream a key (never the key itself); null when unknown.</summary>
    [JsonPropertyName("has_key")] public bool? HasKey { get; init; }
    /// <summary>The models it serves (<c>models</c> in config.json); null serves all, and requests for others skip it.</summary>
    [JsonPropertyName("models")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Models { get; init; }
    [JsonPropertyName("model_map")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? ModelMap { get; init; }
    /// <summary>The protocol the relay is spoken to in; <c>translated</c> when it is not the client's own.</summary>
    [JsonPropertyName("protocol")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Protocol { get; init; }
    [JsonPropertyName("translated")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Translated { get; init; }
}

internal sealed record LogStatus
{
    [JsonPropertyName("path")] public string Path { get; init; } = "";
    [JsonPropertyName("files")] public int Files { get; init; }
    [JsonPropertyName("size_bytes")] public long SizeBytes { get; init; }
    [JsonPropertyName("last_request")] public DateTimeOffset? LastRequest { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class DiagnosticsJsonContext : JsonSerializerContext;

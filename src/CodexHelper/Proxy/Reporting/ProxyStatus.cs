using System.Text.Json.Serialization;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.Routing;

namespace CodexHelper.Proxy.Reporting;

/// <summary>The body of <c>GET /__codex_helper/status</c> (loopback clients only); <c>status</c> and <c>doctor</c> read it.</summary>
internal sealed record ProxyStatus
{
    [JsonPropertyName("service")] public string Service { get; init; } = "";
    [JsonPropertyName("port")] public int Port { get; init; }
    [JsonPropertyName("pid")] public int Pid { get; init; }
    [JsonPropertyName("version")] public string Version { get; init; } = "";
    [JsonPropertyName("active_config")] public string? ActiveConfig { get; init; }
    [JsonPropertyName("upstreams")] public IReadOnlyList<UpstreamStatus> Upstreams { get; init; } = [];
    [JsonPropertyName("totals")] public ProxyTotals Totals { get; init; } = new();
    /// <summary>Session affinity: sessions pinned to their upstream and the last moves. Null from a proxy older than it.</summary>
    [JsonPropertyName("sessions")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public SessionsStatus? Sessions { get; init; }
    [JsonPropertyName("uptime_s")] public double UptimeS { get; init; }
    /// <summary>Present only while inspected requests are written to disk (<c>serve --capture</c>).</summary>
    [JsonPropertyName("capture")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ProxyCaptureStatus? Capture { get; init; }
}

internal sealed record ProxyTotals
{
    [JsonPropertyName("requests")] public long Requests { get; init; }
    [JsonPropertyName("failures")] public long Failures { get; init; }
    [JsonPropertyName("failovers")] public long Failovers { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ProxyStatus))]
internal sealed partial class ProxyStatusJsonContext : JsonSerializerContext;

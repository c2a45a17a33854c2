using System.Text.Json.Serialization;
using CodexHelper.Routing;

namespace CodexHelper.Dashboard;

/// <summary>One service as the dashboard shows it (the <c>upstreams</c> event, and each entry of <c>/api/state</c>).</summary>
internal sealed record ServiceState
{
    [JsonPropertyName("service")] public string Service { get; init; } = "";
    [JsonPropertyName("port")] public int Port { get; init; }
    /// <summary>False for the other service when its proxy is not running (then nothing else is known).</summary>
    [JsonPropertyName("running")] public bool Running { get; init; }
    /// <summary>True for the proxy serving this page (its events are live; the other one is polled).</summary>
    [JsonPropertyName("live")] public bool Live { get; init; }
    [JsonPropertyName("active_config")] public string? ActiveConfig { get; init; }
    [JsonPropertyName("configs")] public IReadOnlyList<string> Configs { get; init; } = [];
    [JsonPropertyName("upstreams")] public IReadOnlyList<UpstreamStatus> Upstreams { get; init; } = [];
    /// <summary>Base URL → the balance its usage provider last reported (live service only).</summary>
    [JsonPropertyName("balances")] public IReadOnlyDictionary<string, double>? Balances { get; init; }
    [JsonPropertyName("requests")] public long Requests { get; init; }
    [JsonPropertyName("failures")] public long Failures { get; init; }
    [JsonPropertyName("failovers")] public long Failovers { get; init; }
    [JsonPropertyName("uptime_s")] public double UptimeS { get; init; }
    /// <summary>Session affinity: sessions pinned and the last moves with their reasons; null when not known.</summary>
    [JsonPropertyName("sessions")] public SessionsStatus? Sessions { get; init; }
    /// <summary>Where requests are written while the disk capture is on; null when off.</summary>
    [JsonPropertyName("capture")] public Proxy.Reporting.ProxyCaptureStatus? Capture { get; init; }

    /// <summary>A running proxy as its status endpoint describes it.</summary>
    public static ServiceState Of(Proxy.Reporting.ProxyStatus status) => new()
    {
        Service = status.Service,
        Port = status.Port,
        Running = true,
        ActiveConfig = status.ActiveConfig,
        Upstreams = status.Upstreams,
        Requests = status.Totals.Requests,
        Failures = status.Totals.Failures,
        Failovers = status.Totals.Failovers,
        UptimeS = status.UptimeS,
        Sessions = status.Sessions,
        Capture = status.Capture,
    };
}

/// <summary>The body of <c>GET /__codex_helper/api/state</c> and the first event a viewer receives.</summary>
internal sealed record DashboardState
{
    [JsonPropertyName("service")] public string Service { get; init; } = "";
    [JsonPropertyName("version")] public string Version { get; init; } = "";
    [JsonPropertyName("services")] public IReadOnlyList<ServiceState> Services { get; init; } = [];
    [JsonPropertyName("recent")] public IReadOnlyList<FeedItem> Recent { get; init; } = [];
}

/// <summary>Sent to a viewer before its next event when events had to be dropped for it.</summary>
internal sealed record DroppedEvent
{
    [JsonPropertyName("dropped")] public long Dropped { get; init; }
}

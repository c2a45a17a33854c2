using CodexHelper.Configuration;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.Routing;

namespace CodexHelper.Proxy.LocalAnswers;

/// <summary>What <c>/__codex_helper/status</c> and the dashboard show of this proxy, read fresh at each call.</summary>
/// <param name="port">The port actually bound (known once the server listens).</param>
internal sealed class ProxyStatusSource(ServiceKind kind, Func<int> port, ActiveConfigSource configs, UpstreamRouter router, ProxyCounters counters, TimeProvider clock)
{
    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    public ServiceKind Kind { get; } = kind;

    public int Port => port();

    /// <param name="capture">The dashboard's disk capture, when one is on.</param>
    public ProxyStatus Snapshot(ProxyCaptureStatus? capture) => new()
    {
        Service = Kind.Name(),
        Port = Port,
        Pid = Environment.ProcessId,
        Version = typeof(ProxyStatusSource).Assembly.GetName().Version?.ToString(3) ?? "",
        ActiveConfig = configs.Current.ConfigName,
        Upstreams = router.Snapshot(),
        Totals = counters.Snapshot(),
        Sessions = router.Sessions(),
        UptimeS = Math.Round((clock.GetUtcNow() - _startedAt).TotalSeconds, 1),
        Capture = capture,
    };
}

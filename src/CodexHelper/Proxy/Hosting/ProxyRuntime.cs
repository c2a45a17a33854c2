using CodexHelper.Filtering;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.Quota;
using CodexHelper.RequestLog;
using CodexHelper.Routing;

namespace CodexHelper.Proxy.Hosting;

/// <summary>
/// The parts one running proxy owns, for its <see cref="ProxyServer"/> to dispose (and the foreground command and
/// tests to look at). Not a service locator: nothing on the request path or in the dashboard is handed this; each
/// gets its own narrow parts (<see cref="RequestReporting"/>, <see cref="UpstreamClient"/>, <see cref="ObservedProxy"/>).
/// </summary>
internal sealed record ProxyRuntime
{
    public required ActiveConfigSource Configs { get; init; }
    public required UpstreamRouter Router { get; init; }
    public required FilterFileSource Filter { get; init; }
    public required RequestLogWriter Log { get; init; }
    public required HttpMessageInvoker Http { get; init; }
    public required QuotaPoller Quota { get; init; }
    public required ConsoleReporter Console { get; init; }
    public required ProxyCounters Counters { get; init; }
    public required Metrics.ProxyMetrics Metrics { get; init; }

    /// <summary>The dashboard, when one is installed.</summary>
    public IProxyObserver? Observer { get; init; }

    /// <summary>Set in gateway mode (<c>serve --gateway</c>): client tokens, budgets, admin-only endpoints.</summary>
    public Gateway.GatewayGuard? Gateway { get; init; }

    /// <summary>This replica's id in gateway mode (in each log line and the log file's name).</summary>
    public string? Instance { get; init; }

    /// <summary>Gateway replicas' shared state (<c>--state redis://…</c>); null keeps everything in this process.</summary>
    public SharedState.RedisSharedState? Shared { get; init; }
}

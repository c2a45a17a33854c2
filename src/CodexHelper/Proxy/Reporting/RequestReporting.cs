using CodexHelper.Configuration;
using CodexHelper.Quota;
using CodexHelper.RequestLog;

namespace CodexHelper.Proxy.Reporting;

/// <summary>
/// Everyone who learns of a request: the counters as it starts, and the log, the gateway budget, the metrics, the
/// console, the dashboard and the quota poller when it ends (<see cref="RequestRecord"/>). Built before the first request.
/// </summary>
internal sealed class RequestReporting
{
    public required ServiceKind Kind { get; init; }
    public required TimeProvider Clock { get; init; }
    public required RequestLogWriter Log { get; init; }
    public required ProxyCounters Counters { get; init; }
    public required Metrics.ProxyMetrics Metrics { get; init; }
    public required ConsoleReporter Console { get; init; }
    public required QuotaPoller Quota { get; init; }
    public required Func<string, string?> GetEnv { get; init; }
    public required Pricing.PriceBook Prices { get; init; }

    /// <summary>The price of a finished request in USD, when it is known (budgets and the cost metric use it).</summary>
    public required Func<RequestLogEntry, decimal?> CostOf { get; init; }

    /// <summary>The dashboard, when one is installed.</summary>
    public IProxyObserver? Observer { get; init; }

    /// <summary>Set in gateway mode: client tokens are charged for what their requests cost.</summary>
    public Gateway.GatewayGuard? Gateway { get; init; }

    /// <summary>This replica's id in gateway mode (in each log line).</summary>
    public string? Instance { get; init; }
}

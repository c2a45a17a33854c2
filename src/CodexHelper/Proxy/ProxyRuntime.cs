using CodexHelper.Configuration;
using CodexHelper.Filtering;
using CodexHelper.Quota;
using CodexHelper.RequestLog;
using CodexHelper.Routing;

namespace CodexHelper.Proxy;

/// <summary>Everything one running proxy shares between requests. Built by <see cref="ProxyServer"/>.</summary>
internal sealed class ProxyRuntime
{
    public required ServiceKind Kind { get; init; }
    public required ActiveConfigSource Configs { get; init; }
    public required UpstreamRouter Router { get; init; }
    public required FilterFileSource Filter { get; init; }
    public required RequestLogWriter Log { get; init; }
    public required HttpMessageInvoker Http { get; init; }
    public required QuotaPoller Quota { get; init; }
    public required ConsoleReporter Console { get; init; }
    public required TimeProvider Clock { get; init; }
    public required Func<string, string?> GetEnv { get; init; }
    public ProxyCounters Counters { get; } = new();
    public required Metrics.ProxyMetrics Metrics { get; init; }

    /// <summary>The price of a finished request in USD, when it is known (budgets and the cost metric use it).</summary>
    public Func<RequestLogEntry, decimal?> CostOf { get; init; } = static e => e.CostUsd;
    public Pricing.PriceBook Prices { get; init; } = Pricing.PriceBookLoader.BuiltInOnly();
    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;
    public int Port { get; set; }

    /// <summary>The dashboard, when one is installed; set once before the server starts listening.</summary>
    public IProxyObserver? Observer { get; set; }

    /// <summary>Set in gateway mode (<c>serve --gateway</c>): client tokens, budgets, admin-only endpoints.</summary>
    public Gateway.GatewayGuard? Gateway { get; init; }

    /// <summary>This replica's id in gateway mode (in each log line and the log file's name).</summary>
    public string? Instance { get; init; }

    /// <summary>Gateway replicas' shared state (<c>--state redis://…</c>); null keeps everything in this process.</summary>
    public SharedState.RedisSharedState? Shared { get; init; }

    public UpstreamCredentials CredentialsFor(UpstreamConfig upstream) =>
        new(upstream.Auth.ResolveAuthToken(GetEnv), upstream.Auth.ResolveApiKey(GetEnv), Gateway is not null);
}

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
    public Pricing.PriceBook Prices { get; init; } = Pricing.PriceBookLoader.BuiltInOnly();
    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;
    public int Port { get; set; }

    /// <summary>The dashboard, when one is installed; set once before the server starts listening.</summary>
    public IProxyObserver? Observer { get; set; }

    public UpstreamCredentials CredentialsFor(UpstreamConfig upstream) =>
        new(upstream.Auth.ResolveAuthToken(GetEnv), upstream.Auth.ResolveApiKey(GetEnv));
}

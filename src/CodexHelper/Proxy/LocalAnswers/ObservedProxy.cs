using CodexHelper.Proxy.Attempt;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.Quota;
using CodexHelper.RequestLog;
using CodexHelper.Routing;

namespace CodexHelper.Proxy.LocalAnswers;

/// <summary>
/// What an observer of the proxy (the dashboard) may see and touch: its status, the router's manual overrides, the
/// live config (to mask its keys), balances and the log. Built before the observer; the request path is not in it.
/// </summary>
internal sealed class ObservedProxy
{
    public required ProxyStatusSource Status { get; init; }
    public required UpstreamRouter Router { get; init; }
    public required ActiveConfigSource Configs { get; init; }
    public required UpstreamClient Upstreams { get; init; }
    public required QuotaPoller Quota { get; init; }
    public required RequestLogWriter Log { get; init; }
    public required TimeProvider Clock { get; init; }
    public required Func<string, string?> GetEnv { get; init; }

    /// <summary>One line for the user (the console).</summary>
    public required Action<string> Say { get; init; }

    public Configuration.ServiceKind Kind => Status.Kind;
    public int Port => Status.Port;
}

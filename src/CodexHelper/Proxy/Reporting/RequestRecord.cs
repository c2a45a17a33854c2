using System.Diagnostics;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.Judging;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.RequestLog;
using CodexHelper.TokenCounts;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Reporting;

/// <summary>
/// What the log, the console and the counters learn about one request, gathered as it happens and
/// written once when it ends.
/// </summary>
internal sealed class RequestRecord(RequestReporting reporting, HttpContext context, long started, ActiveConfig config)
{
    /// <summary>The config snapshot the request started with: names the config and prices its upstreams even if a reload happens meanwhile.</summary>
    public string? ConfigName => config.ConfigName;

    /// <summary>The client's wire format, decided once when the request arrived.</summary>
    public Wire.ClientWire Wire { get; } = CodexHelper.Wire.ClientWire.Of(context.Request.Path.Value ?? "/", context.Request.Headers.ContainsKey("anthropic-version"), context.Request.Headers.Accept.ToString());

    /// <summary>
    /// The client session the request belongs to: from its headers (<see cref="SessionIdHeader"/>), else, for a Responses
    /// turn, from its body's <c>prompt_cache_key</c> (<see cref="PromptCacheKey"/>). Keys affinity, the state memory and the log.
    /// </summary>
    public string? Session { get; set; } = SessionIdHeader.Find(context.Request.Headers);

    public string? Model { get; set; }
    public string? UpstreamModel { get; set; }
    public Gateway.ClientToken? ClientToken { get; init; }

    /// <summary>
    /// The upstream that answered (or, when none did, the last one tried): itself, not its base_url, since several
    /// upstreams may share one relay with different keys and prices.
    /// </summary>
    public Routing.RoutedUpstream? Upstream { get; set; }

    public string? UpstreamBaseUrl => Upstream?.BaseUrl;
    public TokenUsage? Usage { get; set; }
    public bool ClientAborted { get; set; }
    public bool? Filtered { get; set; }
    public long? TtfbMs { get; set; }

    /// <summary>The protocol the serving upstream was spoken to in.</summary>
    public Wire.WireProtocol? UpstreamProtocol { get; set; }

    /// <summary>What the serving attempt's translation left out (null: nothing, or not translated).</summary>
    public IReadOnlyList<string>? TranslationDropped { get; set; }

    /// <summary>Keepalives sent to the client while the upstream was silent (see <see cref="ClientKeepalive"/>).</summary>
    public int Keepalives { get; set; }
    /// <summary>How many items of reasoning state the serving attempt left out because its upstream did not mint them.</summary>
    public int StateCleaned { get; set; }

    /// <summary>Why the session left the upstream of its last turn (session affinity); null when it stayed.</summary>
    public string? SessionMoved { get; set; }

    /// <summary>Headers and body heads for the dashboard's inspector; null unless a dashboard is open.</summary>
    public RequestCapture? Capture { get; } = reporting.Observer is { WantsCapture: true } ? RequestCapture.Of(context.Request.Headers) : null;

    public long ElapsedMs => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    public void FirstByteSent() => TtfbMs ??= ElapsedMs;

    /// <summary>Writes the request's one log line and tells everyone else who learns of a finished request. Called once, by <see cref="ProxyEndpoint"/>.</summary>
    public void Finish(in RequestEnd end)
    {
        ClientAborted |= end.Outcome == RequestOutcome.ClientAborted;
        if (RequestOutcome.IsError(end.Outcome))
        {
            reporting.Counters.Failure();
        }

        var entry = Entry(end);
        reporting.Log.Append(entry);
        Report(entry, end.Attempts?.FailedOverTo(Upstream) ?? false);
    }

    /// <summary>The request's log line, as it stands now.</summary>
    private RequestLogEntry Entry(in RequestEnd end) =>
        new()
        {
            TimestampMs = reporting.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
            Service = reporting.Kind.Name(),
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "/",
            StatusCode = end.Status,
            DurationMs = ElapsedMs,
            ConfigName = ConfigName,
            UpstreamBaseUrl = UpstreamBaseUrl,
            Usage = Usage,
            TtfbMs = TtfbMs,
            Model = Model,
            UpstreamModel = UpstreamModel,
            Error = end.Error,
            Outcome = end.Outcome,
            ClientAborted = ClientAborted,
            Filtered = Filtered,
            Attempts = end.Attempts?.Logged,
            SessionId = Session,
            CostUsd = Usage is null ? null : RequestCost.For(reporting.Prices, Upstream?.Config, Model, Usage, UpstreamModel),
            ClientToken = ClientToken?.Name,
            Instance = reporting.Instance,
            UpstreamProtocol = UpstreamProtocol is { } protocol ? CodexHelper.Wire.WireProtocols.Name(protocol) : null,
            TranslationDropped = TranslationDropped is { Count: > 0 } dropped ? dropped : null,
            Keepalives = Keepalives > 0 ? Keepalives : null,
            StateCleaned = StateCleaned > 0 ? StateCleaned : null,
            SessionMoved = SessionMoved,
        };

    /// <summary>Everything but the log that learns of a finished request: gateway budget, metrics, console, dashboard, quota.</summary>
    private void Report(RequestLogEntry entry, bool failedOver)
    {
        var cost = reporting.CostOf(entry);
        // A request refused before any upstream (the gateway's own 401/429) cost nothing: charging it would let
        // refusals eat the budget they enforce.
        if (ClientToken is not null && entry.UpstreamBaseUrl is not null)
        {
            reporting.Gateway?.Charge(ClientToken, cost);
        }

        reporting.Metrics.Completed(new Metrics.CompletedRequest(
            entry.StatusCode,
            RequestOutcome.IsError(entry.Outcome!),
            failedOver,
            UpstreamBaseUrl,
            entry.DurationMs,
            TtfbMs,
            Model,
            entry.ClientToken,
            Usage,
            cost));
        reporting.Console.Request(entry);
        reporting.Observer?.RequestFinished(entry, Capture);
        if (Upstream is { } served)
        {
            // The served upstream's own key: another upstream on the same relay may hold a different one.
            var auth = served.Config.Auth;
            reporting.Quota.OnRequestCompleted(served.BaseUrl, auth.ResolveAuthToken(reporting.GetEnv) ?? auth.ResolveApiKey(reporting.GetEnv));
        }
    }
}

using System.Diagnostics;
using CodexHelper.Configuration;
using CodexHelper.RequestLog;
using CodexHelper.Usage;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

/// <summary>
/// What the log, the console and the counters learn about one request, gathered as it happens and
/// written once when it ends.
/// </summary>
internal sealed class RequestRecord(ProxyRuntime runtime, HttpContext context, long started, ActiveConfig config)
{
    /// <summary>The config snapshot the request started with: names the config and prices its upstreams even if a reload happens meanwhile.</summary>
    public string? ConfigName => config.ConfigName;

    private List<RequestAttempt>? _attempts;
    private bool _finished;

    /// <summary>The client's wire format, decided once when the request arrived.</summary>
    public Wire.ClientWire Wire { get; } = CodexHelper.Wire.ClientWire.Of(context.Request.Path.Value ?? "/", context.Request.Headers.ContainsKey("anthropic-version"), context.Request.Headers.Accept.ToString());

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

    /// <summary>Headers and body heads for the dashboard's inspector; null unless a dashboard is open.</summary>
    public RequestCapture? Capture { get; } = runtime.Observer is { WantsCapture: true } ? RequestCapture.Of(context.Request.Headers) : null;
    public IReadOnlyList<RequestAttempt>? Attempts => _attempts;

    public long ElapsedMs => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    public void FirstByteSent() => TtfbMs ??= ElapsedMs;

    /// <summary>Real attempts that failed before the one that answered; skipped upstreams are not among them.</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>A request answered by another upstream than the first one it really tried (skips do not count).</summary>
    public bool FailedOver => FailedAttempts > 0 && _firstTried is not null && _firstTried != Upstream;

    private Routing.RoutedUpstream? _firstTried;

    /// <summary>An upstream passed over without a request (it does not serve the model): logged, never a failure.</summary>
    public void AddSkip(Routing.RoutedUpstream upstream, string reason, long attemptStart) => AddAttempt(upstream, null, reason, attemptStart);

    /// <summary>A real attempt that failed; the request may go on to the next upstream.</summary>
    public void AddFailedAttempt(Routing.RoutedUpstream upstream, int? status, string? error, long attemptStart)
    {
        _firstTried ??= upstream;
        FailedAttempts++;
        AddAttempt(upstream, status, error, attemptStart);
    }

    /// <summary>The attempt whose answer the client got, logged only when the request had others before it.</summary>
    public void AddAnswer(Routing.RoutedUpstream upstream, int? status, long attemptStart)
    {
        _firstTried ??= upstream;
        if (_attempts is not null)
        {
            AddAttempt(upstream, status, null, attemptStart);
        }
    }

    private void AddAttempt(Routing.RoutedUpstream upstream, int? status, string? error, long attemptStart)
    {
        _attempts ??= [];
        _attempts.Add(new RequestAttempt
        {
            UpstreamBaseUrl = upstream.BaseUrl,
            StatusCode = status,
            Error = error,
            DurationMs = (long)Stopwatch.GetElapsedTime(attemptStart).TotalMilliseconds,
        });
    }

    /// <summary>Writes the request's one log line; later calls are ignored.</summary>
    public void Finish(int status, string outcome, string? error)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        ClientAborted |= outcome == RequestOutcome.ClientAborted;
        if (RequestOutcome.IsError(outcome))
        {
            runtime.Counters.Failure();
        }

        var entry = Entry(status, outcome, error);
        runtime.Log.Append(entry);
        Report(entry);
    }

    /// <summary>The request's log line, as it stands now.</summary>
    private RequestLogEntry Entry(int status, string outcome, string? error) =>
        new()
        {
            TimestampMs = runtime.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
            Service = runtime.Kind.Name(),
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "/",
            StatusCode = status,
            DurationMs = ElapsedMs,
            ConfigName = ConfigName,
            UpstreamBaseUrl = UpstreamBaseUrl,
            Usage = Usage,
            TtfbMs = TtfbMs,
            Model = Model,
            UpstreamModel = UpstreamModel,
            Error = error,
            Outcome = outcome,
            ClientAborted = ClientAborted,
            Filtered = Filtered,
            Attempts = _attempts is { Count: > 1 } ? _attempts : null,
            SessionId = SessionIdHeader.Find(context.Request.Headers),
            CostUsd = Usage is null ? null : RequestCost.For(runtime.Prices, Upstream?.Config, Model, Usage, UpstreamModel),
            ClientToken = ClientToken?.Name,
            Instance = runtime.Instance,
        };

    /// <summary>Everything but the log that learns of a finished request: gateway budget, metrics, console, dashboard, quota.</summary>
    private void Report(RequestLogEntry entry)
    {
        var cost = runtime.CostOf(entry);
        if (ClientToken is not null)
        {
            runtime.Gateway?.Charge(ClientToken, cost);
        }

        runtime.Metrics.Completed(new Metrics.CompletedRequest(
            entry.StatusCode,
            RequestOutcome.IsError(entry.Outcome!),
            FailedOver,
            UpstreamBaseUrl,
            entry.DurationMs,
            TtfbMs,
            Model,
            entry.ClientToken,
            Usage,
            cost));
        runtime.Console.Request(entry);
        runtime.Observer?.RequestFinished(entry, Capture);
        if (Upstream is { } served)
        {
            // The served upstream's own key: another upstream on the same relay may hold a different one.
            var auth = served.Config.Auth;
            runtime.Quota.OnRequestCompleted(served.BaseUrl, auth.ResolveAuthToken(runtime.GetEnv) ?? auth.ResolveApiKey(runtime.GetEnv));
        }
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CodexHelper.Metrics;

/// <summary>
/// The numbers a team's Grafana plots, as System.Diagnostics.Metrics instruments (the runtime's own API; the
/// Prometheus text on <c>/metrics</c> is rendered by OpenTelemetry's exporter). Every name starts with
/// <c>codex_helper_</c>; the exporter adds <c>_total</c> to counters. Recording is a few lock-free adds per request.
/// </summary>
internal sealed class ProxyMetrics : IDisposable
{
    public const string DefaultMeterName = "CodexHelper";

    private static readonly double[] SecondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Histogram<double> _ttfb;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _inFlight;
    private readonly KeyValuePair<string, object?> _service;

    public ProxyMetrics(string meterName, string service, Func<IEnumerable<UpstreamGauge>> upstreams, Func<long> droppedLogLines, Func<long> droppedConsoleLines)
    {
        MeterName = meterName;
        _service = new("service", service);
        _meter = new Meter(meterName);
        _requests = _meter.CreateCounter<long>("codex_helper_requests", description: "Client requests answered, by service, upstream and status class");
        _failures = _meter.CreateCounter<long>("codex_helper_failures", description: "Requests that failed (5xx, transport error, cut stream, client gone)");
        _failovers = _meter.CreateCounter<long>("codex_helper_failovers", description: "Requests answered by another upstream than the first one tried");
        _refused = _meter.CreateCounter<long>("codex_helper_gateway_refused", description: "Gateway requests refused before forwarding (401 no token, 429 over budget)");
        _tokens = _meter.CreateCounter<long>("codex_helper_tokens", description: "Tokens by model, upstream, client token and kind (input, cached_input, output, reasoning)");
        _cost = _meter.CreateCounter<double>("codex_helper_cost_usd", description: "Cost in USD by model, upstream and client token");
        _ttfb = _meter.CreateHistogram("codex_helper_ttfb_seconds", "s", "Time until the first response byte reached the client",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _duration = _meter.CreateHistogram("codex_helper_request_duration_seconds", "s", "Time until the response ended",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _inFlight = _meter.CreateUpDownCounter<long>("codex_helper_in_flight_requests", description: "Requests being handled now");
        _meter.CreateObservableGauge("codex_helper_upstream_state", () => Observe(upstreams()),
            description: "1 for the state each upstream is in (ok, half_open, cooling_down, exhausted), 0 for the others");
        _meter.CreateObservableCounter("codex_helper_dropped_log_lines", () => new Measurement<long>(droppedLogLines(), _service),
            description: "Request-log lines dropped because the disk did not keep up or failed");
        _meter.CreateObservableCounter("codex_helper_dropped_console_lines", () => new Measurement<long>(droppedConsoleLines(), _service),
            description: "Console lines skipped because the terminal did not keep up");
    }

    public string MeterName { get; }

    public void InFlight(int delta) => _inFlight.Add(delta, _service);

    public void Refused(int status)
    {
        var tags = new TagList { _service, { "status_code", status } };
        _refused.Add(1, tags);
    }

    public void Completed(in CompletedRequest r)
    {
        var upstream = r.Upstream ?? "(none)";
        var tags = new TagList { _service, { "upstream", upstream }, { "status_class", StatusClass(r.Status) } };
        _requests.Add(1, tags);
        if (r.Failed)
        {
            _failures.Add(1, tags);
        }

        if (r.FailedOver)
        {
            _failovers.Add(1, new TagList { _service, { "upstream", upstream } });
        }

        var timing = new TagList { _service, { "upstream", upstream } };
        _duration.Record(r.DurationMs / 1000.0, timing);
        if (r.TtfbMs is { } ttfb)
        {
            _ttfb.Record(ttfb / 1000.0, timing);
        }

        var model = r.Model ?? "(none)";
        var token = r.ClientToken ?? "(none)";
        if (r.Usage is { } u)
        {
            AddTokens(u.InputTokens, "input", model, upstream, token);
            AddTokens(u.CachedInputTokens, "cached_input", model, upstream, token);
            AddTokens(u.OutputTokens, "output", model, upstream, token);
            AddTokens(u.ReasoningTokens, "reasoning", model, upstream, token);
        }

        if (r.CostUsd is { } cost && cost > 0)
        {
            _cost.Add((double)cost, new TagList { _service, { "model", model }, { "upstream", upstream }, { "client_token", token } });
        }
    }

    private void AddTokens(long n, string kind, string model, string upstream, string token)
    {
        if (n > 0)
        {
            _tokens.Add(n, new TagList { _service, { "model", model }, { "upstream", upstream }, { "client_token", token }, { "kind", kind } });
        }
    }

    private IEnumerable<Measurement<int>> Observe(IEnumerable<UpstreamGauge> upstreams)
    {
        foreach (var u in upstreams)
        {
            foreach (var state in States)
            {
                yield return new Measurement<int>(u.State == state ? 1 : 0, _service, new("upstream", u.BaseUrl), new("state", state));
            }
        }
    }

    private static readonly string[] States = ["ok", "half_open", "cooling_down", "exhausted"];

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    public void Dispose() => _meter.Dispose();
}

/// <summary>One upstream's state for the <c>codex_helper_upstream_state</c> gauge.</summary>
internal readonly record struct UpstreamGauge(string BaseUrl, string State);

/// <summary>What the metrics learn from one finished request.</summary>
internal readonly record struct CompletedRequest(
    int Status,
    bool Failed,
    bool FailedOver,
    string? Upstream,
    long DurationMs,
    long? TtfbMs,
    string? Model,
    string? ClientToken,
    TokenCounts.TokenUsage? Usage,
    decimal? CostUsd);

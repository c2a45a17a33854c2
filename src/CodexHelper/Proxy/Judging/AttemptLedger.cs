using System.Diagnostics;
using CodexHelper.Proxy.Intake;
using CodexHelper.RequestLog;
using CodexHelper.Routing;

namespace CodexHelper.Proxy.Judging;

/// <summary>
/// The one place one request's attempts are recorded: each <see cref="AttemptRecord"/> is written once and goes,
/// from here, to the plan (the upstream's health), to the log line's <c>attempts</c>, to the one-line summary the
/// client gets when every upstream failed, and to the dashboard's capture.
/// </summary>
internal sealed class AttemptLedger(RoutePlan plan, RequestCapture? capture)
{
    private List<RequestAttempt>? _attempts;
    private RoutedUpstream? _firstTried;

    /// <summary>Why each upstream failed or was passed over, in order.</summary>
    public FailureSummary Failures { get; } = new();

    /// <summary>Real attempts that failed; skipped upstreams are not among them.</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>The last upstream really tried, else the last one skipped: the one the log names when none answered.</summary>
    public RoutedUpstream? LastHandedOut => _lastTried ?? _lastSkipped;

    private RoutedUpstream? _lastTried;
    private RoutedUpstream? _lastSkipped;

    /// <summary>The log's <c>attempts</c>: only when the request had more than one.</summary>
    public IReadOnlyList<RequestAttempt>? Logged => _attempts is { Count: > 1 } ? _attempts : null;

    /// <summary>Answered by another upstream than the first one really tried (skips do not count).</summary>
    public bool FailedOverTo(RoutedUpstream? served) => FailedAttempts > 0 && _firstTried is not null && _firstTried != served;

    public void Write(in AttemptRecord attempt)
    {
        var upstream = attempt.Upstream;
        var result = attempt.Result;
        switch (attempt.Kind)
        {
            case AttemptKind.Skipped:
                plan.Skip(upstream);
                Log(upstream, null, result.Error, attempt.Started);
                Failures.Add(upstream.BaseUrl, null, result.Error);
                _lastSkipped = upstream;
                break;
            case AttemptKind.Failed:
                plan.Record(upstream, result);
                _firstTried ??= upstream;
                FailedAttempts++;
                Log(upstream, result.Status, attempt.LoggedError ?? result.Error, attempt.Started);
                _lastTried = upstream;
                if (attempt.Answer is { } answer)
                {
                    Failures.Add(upstream.BaseUrl, result.Status, null, FailureSummary.UpstreamMessage(answer.Body), attempt.Note);
                    capture?.AddAttemptBody(upstream.BaseUrl, answer.Body);
                }
                else
                {
                    Failures.Add(upstream.BaseUrl, null, result.Error);
                }

                break;
            case AttemptKind.Answered:
                plan.Record(upstream, result);
                _firstTried ??= upstream;
                if (_attempts is not null)
                {
                    // Logged only when the request had others before it: a lone answer needs no attempts list.
                    Log(upstream, result.Status, null, attempt.Started);
                }

                break;
            default:
                plan.Record(upstream, result);
                break;
        }
    }

    private void Log(RoutedUpstream upstream, int? status, string? error, long started) =>
        (_attempts ??= []).Add(new RequestAttempt
        {
            UpstreamBaseUrl = upstream.BaseUrl,
            StatusCode = status,
            Error = error,
            DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        });
}

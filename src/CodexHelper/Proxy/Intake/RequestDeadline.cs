using System.Diagnostics;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// When the failover phase of a request must end (routing.request_deadline_secs). A timestamp rather than a
/// timer of its own: each attempt's header timeout is simply cut to what is left, which saves a timer per request.
/// </summary>
internal readonly record struct RequestDeadline(long At)
{
    public static RequestDeadline After(double secs) =>
        new(Stopwatch.GetTimestamp() + (long)(secs * Stopwatch.Frequency));

    public TimeSpan Remaining => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), At);

    public bool Passed => Stopwatch.GetTimestamp() >= At;
}

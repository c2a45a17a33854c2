using System.Text;
using CodexHelper.Routing;

namespace CodexHelper.Dashboard;

/// <summary>
/// Turns the router's state into <c>upstreams</c> events: while a viewer is connected it looks a few times a
/// second and publishes only when something a viewer sees changed (state, counts, error, active config), so at
/// most a few events a second however busy the proxy is.
/// Looking instead of hooking into the router keeps the routing code free of the dashboard; countdowns are
/// drawn by the page from <c>cooldown_remaining_s</c>.
/// </summary>
internal sealed class UpstreamWatcher : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly DashboardHub _hub;
    private readonly Func<ServiceState> _snapshot;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _viewerJoined = new(0);
    private readonly Task _loop;
    private string _last = "";

    public UpstreamWatcher(DashboardHub hub, Func<ServiceState> snapshot)
    {
        _hub = hub;
        _snapshot = snapshot;
        hub.ViewerJoined += () => _viewerJoined.Release();
        _loop = RunAsync();
    }

    /// <summary>Publishes the current state if it differs from the last one published.</summary>
    public void Check(bool force = false)
    {
        if (!_hub.HasViewers)
        {
            _last = "";
            return;
        }

        var state = _snapshot();
        var signature = Signature(state);
        lock (_stop)
        {
            if (!force && signature == _last)
            {
                return;
            }

            _last = signature;
        }

        _hub.Publish("upstreams", state, DashboardJsonContext.Default.ServiceState);
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                // Nobody looking: no timer either, so an idle proxy stays asleep.
                await _viewerJoined.WaitAsync(_stop.Token);
                using var timer = new PeriodicTimer(Interval);
                while (_hub.HasViewers && await timer.WaitForNextTickAsync(_stop.Token))
                {
                    Check();
                }

                Check();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Signature(ServiceState state)
    {
        var s = new StringBuilder(state.ActiveConfig).Append(' ').Append(state.Requests)
            .Append(' ').Append(state.Sessions?.Pinned).Append(' ').Append(state.Sessions?.Moves);
        foreach (var u in state.Upstreams)
        {
            s.Append('|').Append(u.BaseUrl).Append(' ').Append(u.State).Append(' ').Append(u.ConsecutiveFailures)
                .Append(' ').Append(u.Requests).Append(' ').Append(u.LastError).Append(' ').Append(u.LastStatus).Append(' ').Append(u.Manual)
                .Append(' ').Append(state.Balances?.GetValueOrDefault(u.BaseUrl));
        }

        return s.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _viewerJoined.Dispose();
    }
}

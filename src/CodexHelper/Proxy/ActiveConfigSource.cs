using CodexHelper.Configuration;
using CodexHelper.Routing;

namespace CodexHelper.Proxy;

/// <summary>
/// Keeps the proxy's view of config.json current: re-reads it when its mtime or size changes (checked
/// once a second, off the request path), hands the new upstream list to the router (which keeps health
/// state for upstreams that remain), and keeps the last good config when an edit breaks the file.
/// In-flight requests hold the snapshot they started with.
/// </summary>
internal sealed class ActiveConfigSource : IAsyncDisposable
{
    private readonly ConfigStore _store;
    private readonly ServiceKind _kind;
    private readonly UpstreamRouter _router;
    private readonly Action<string> _say;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watcher;
    private (DateTime, long) _stamp;
    private string? _lastProblemReported;

    public ActiveConfigSource(ConfigStore store, ServiceKind kind, UpstreamRouter router, Action<string> say, TimeSpan? pollInterval = null)
    {
        _store = store;
        _kind = kind;
        _router = router;
        _say = say;
        Current = Load(initial: true) ?? ActiveConfig.From(null, kind);
        _watcher = WatchAsync(pollInterval ?? TimeSpan.FromSeconds(1), _stop.Token);
    }

    public ActiveConfig Current { get; private set; }

    public event Action<ActiveConfig>? Changed;

    /// <summary>Re-reads config.json if it changed; true when the active config was replaced.</summary>
    public bool Refresh() => Load(initial: false) is not null;

    private ActiveConfig? Load(bool initial)
    {
        var stamp = Stamp();
        if (!initial && stamp == _stamp)
        {
            return null;
        }

        _stamp = stamp;
        ActiveConfig next;
        try
        {
            next = ActiveConfig.From(_store.Load(), _kind);
        }
        catch (UserFacingException ex)
        {
            if (initial)
            {
                throw;
            }

            if (_lastProblemReported != ex.Message)
            {
                _lastProblemReported = ex.Message;
                _say($"config.json changed but cannot be used, keeping the previous config: {ex.Message}");
            }

            return null;
        }
        catch (IOException)
        {
            return null; // mid-write by an editor; the next tick sees the finished file
        }

        _lastProblemReported = null;
        Current = next with { Routes = _router.Configure(next.ConfigName, next.Upstreams, next.Routing) };
        if (!initial)
        {
            Changed?.Invoke(Current);
        }

        return Current;
    }

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_store.FilePath);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }

    private async Task WatchAsync(TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                Load(initial: false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watcher;
        _stop.Dispose();
    }
}

namespace CodexHelper.Files;

/// <summary>
/// The one hot-reload mechanism (config.json, filter.json): a background loop looks at the file's stamp
/// every interval and calls <c>reload</c> when it changed. Readers only ever read the value the owner last
/// published, so nothing on the request path touches the file system. The loop survives anything the
/// callback throws — reported once per version of the file — so a later valid edit is still picked up.
/// </summary>
internal sealed class FileChangeWatcher : IAsyncDisposable
{
    private readonly string _path;
    private readonly Func<bool> _reload;
    private readonly Action<Exception> _failed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private FileStamp _seen;
    private FileStamp _emptySeen = FileStamp.Unknown;

    /// <param name="reload">
    /// Reads the file and publishes what it found. Called once here, synchronously (its exceptions reach the
    /// caller: a broken file at start-up is the user's error), then from the background on every change.
    /// False means "look again next tick even if the file does not change" (caught mid-write).
    /// </param>
    /// <param name="failed">Gets what a background reload threw; must not throw itself (guarded anyway).</param>
    public FileChangeWatcher(string path, TimeSpan interval, Func<bool> reload, Action<Exception> failed)
    {
        _path = path;
        _reload = reload;
        _failed = failed;
        // Stamp first: an edit made while the first load runs is then seen as a change on the first tick.
        _seen = FileStamp.Of(path);
        if (!reload())
        {
            _seen = FileStamp.Unknown;
        }

        _loop = WatchAsync(interval, _stop.Token);
    }

    private async Task WatchAsync(TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                CheckOnce();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One look at the file, as each tick does (tests call it to step the watcher without a clock).</summary>
    internal void CheckOnce()
    {
        FileStamp stamp;
        try
        {
            stamp = FileStamp.Of(_path);
            if (stamp == _seen)
            {
                return;
            }

            // `cp`, `>` and many editors truncate first and write after: an empty file is only read once it has
            // stayed empty (same stamp) for a whole interval, so a rewrite in progress is never reported as empty.
            if (stamp is { Exists: true, Length: 0 } && stamp != _emptySeen)
            {
                _emptySeen = stamp;
                return;
            }

            _emptySeen = FileStamp.Unknown;

            // Remembered before reloading: a version that fails is neither re-read nor re-reported until it changes.
            _seen = stamp;
            if (!_reload())
            {
                _seen = FileStamp.Unknown;
            }
        }
        catch (Exception ex)
        {
            try
            {
                _failed(ex);
            }
            catch (Exception)
            {
                // Reporting failed too (console gone while stopping): the loop must still live on.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}

namespace CodexHelper.Filtering;

/// <summary>
/// filter.json, hot-reloaded: edits are picked up within about a second without a restart.
/// The hot path (<see cref="Current"/>) reads one timestamp and a field; the file system is only
/// consulted once a second, by whichever request happens to come first.
/// </summary>
internal sealed class FilterFileSource
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly TimeProvider _clock;
    private readonly Action<string>? _warn;
    private readonly Lock _gate = new();

    private volatile RequestFilter _current = RequestFilter.Empty;
    private long _lastCheck;
    private FileStamp _loaded = FileStamp.Missing;
    private FileStamp _warned = FileStamp.Missing;

    public FilterFileSource(string path, TimeProvider clock, Action<string>? warn = null)
    {
        _path = path;
        _clock = clock;
        _warn = warn;
        lock (_gate)
        {
            _lastCheck = clock.GetTimestamp();
            Reload(force: true);
        }
    }

    public string FilePath => _path;

    public RequestFilter Current
    {
        get
        {
            var now = _clock.GetTimestamp();
            if (_clock.GetElapsedTime(Volatile.Read(ref _lastCheck), now) < CheckInterval)
            {
                return _current;
            }

            // Another request is already looking at the file: use the rules we have rather than wait.
            if (!_gate.TryEnter())
            {
                return _current;
            }

            try
            {
                if (_clock.GetElapsedTime(_lastCheck, now) >= CheckInterval)
                {
                    Volatile.Write(ref _lastCheck, now);
                    Reload(force: false);
                }
            }
            finally
            {
                _gate.Exit();
            }

            return _current;
        }
    }

    private void Reload(bool force)
    {
        var stamp = FileStamp.Of(_path);
        if (!force && stamp == _loaded)
        {
            return;
        }

        if (!stamp.Exists)
        {
            _loaded = stamp;
            _current = RequestFilter.Empty;
            return;
        }

        try
        {
            var bytes = File.ReadAllBytes(_path);
            _current = RequestFilter.Parse(bytes, _path);
            _loaded = stamp;
        }
        catch (UserFacingException ex)
        {
            // Remember the bad version so it is neither re-read nor re-reported until the file changes again.
            _loaded = stamp;
            WarnOnce(stamp, $"{ex.Message}; keeping the previous {Rules(_current.RuleCount)}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Possibly transient (file being replaced): leave _loaded alone so the next check retries.
            WarnOnce(stamp, $"{_path}: cannot read ({ex.Message}); keeping the previous {Rules(_current.RuleCount)}");
        }
    }

    private void WarnOnce(FileStamp stamp, string message)
    {
        if (stamp == _warned)
        {
            return;
        }

        _warned = stamp;
        _warn?.Invoke(message);
    }

    private static string Rules(int count) => count == 1 ? "1 rule" : $"{count} rules";

    /// <summary>What tells us the file changed: its modification time and its size.</summary>
    private readonly record struct FileStamp(bool Exists, long LastWriteTicks, long Length)
    {
        public static FileStamp Missing => default;

        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(true, info.LastWriteTimeUtc.Ticks, info.Length) : Missing;
        }
    }
}

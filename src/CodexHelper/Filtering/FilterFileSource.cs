using CodexHelper.Files;

namespace CodexHelper.Filtering;

/// <summary>
/// filter.json, hot-reloaded like config.json: a <see cref="FileChangeWatcher"/> re-reads it in the
/// background when it changes, so <see cref="Current"/> is one field read on the request path.
/// A broken edit keeps the previous rules and is reported once.
/// </summary>
internal sealed class FilterFileSource : IAsyncDisposable
{
    private readonly string _path;
    private readonly Action<string>? _warn;
    private readonly FileChangeWatcher _watcher;
    private volatile RequestFilter _current = RequestFilter.Empty;
    private bool _readFailing;

    public FilterFileSource(string path, Action<string>? warn = null, TimeSpan? pollInterval = null)
    {
        _path = path;
        _warn = warn;
        _watcher = new FileChangeWatcher(path, pollInterval ?? TimeSpan.FromSeconds(1), Reload,
            ex => warn?.Invoke($"{path}: cannot reload ({ex.Message}); keeping the previous {Rules(_current.RuleCount)}"));
    }

    public string FilePath => _path;

    public RequestFilter Current => _current;

    private bool Reload()
    {
        try
        {
            _current = RequestFilter.Load(_path);
        }
        catch (UserFacingException ex)
        {
            _warn?.Invoke($"{ex.Message}; keeping the previous {Rules(_current.RuleCount)}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Possibly transient (file being replaced): look again on the next tick, but say so only once.
            if (!_readFailing)
            {
                _readFailing = true;
                _warn?.Invoke($"{_path}: cannot read ({ex.Message}); keeping the previous {Rules(_current.RuleCount)}");
            }

            return false;
        }

        _readFailing = false;
        return true;
    }

    private static string Rules(int count) => count == 1 ? "1 rule" : $"{count} rules";

    public ValueTask DisposeAsync() => _watcher.DisposeAsync();
}

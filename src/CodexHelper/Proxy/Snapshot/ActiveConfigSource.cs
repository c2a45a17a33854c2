using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.Files;
using CodexHelper.Routing;

namespace CodexHelper.Proxy.Snapshot;

/// <summary>
/// Keeps the proxy's view of config.json current: re-reads it when it changes (a <see cref="FileChangeWatcher"/>,
/// off the request path), hands the new upstream list to the router (which keeps health state for upstreams
/// that remain), and keeps the last good config when an edit breaks the file — whatever the edit is.
/// In-flight requests hold the snapshot they started with.
/// </summary>
internal sealed class ActiveConfigSource : IAsyncDisposable
{
    private readonly ConfigStore _store;
    private readonly ServiceKind _kind;
    private readonly UpstreamRouter _router;
    private readonly Action<string> _say;
    private readonly FileChangeWatcher _watcher;
    private bool _started;
    private string? _fingerprint;
    private int _versionsRead;

    /// <summary>Loads config.json now (a broken file throws <see cref="UserFacingException"/>) and watches it from then on.</summary>
    public ActiveConfigSource(ConfigStore store, ServiceKind kind, UpstreamRouter router, Action<string> say, TimeSpan? pollInterval = null)
    {
        _store = store;
        _kind = kind;
        _router = router;
        _say = say;
        Current = ActiveConfig.From(null, kind);
        _watcher = new FileChangeWatcher(store.FilePath, pollInterval ?? TimeSpan.FromSeconds(1), Reload,
            ex => say($"config.json changed but could not be reloaded, keeping the previous config: {ex.Message}"));
        ConnectTimeoutSecs = Current.Routing.ConnectTimeoutSecs;
        _started = true;
    }

    public ActiveConfig Current { get; private set; }

    /// <summary>
    /// <c>routing.connect_timeout_secs</c> as the proxy started with it: the connection pool is built once, so a
    /// reload cannot change it (said on the console when an edit tries); errors name this value.
    /// </summary>
    public double ConnectTimeoutSecs { get; }

    public event Action<ActiveConfig>? Changed;

    private bool Reload()
    {
        ActiveConfig next;
        string fingerprint;
        try
        {
            var config = _store.Load();
            next = ActiveConfig.From(config, _kind, _store.FilePath);
            fingerprint = Fingerprint(config, next);
        }
        catch (UserFacingException ex) when (_started)
        {
            _say($"config.json changed but cannot be used, keeping the previous config: {ex.Message}");
            _fingerprint = null; // the fixed file is then announced even if it equals the config in use
            return true;
        }
        catch (IOException) when (_started)
        {
            return false; // mid-write by an editor: look again on the next tick
        }

        Interlocked.Increment(ref _versionsRead);
        if (_started && fingerprint == _fingerprint)
        {
            return true; // an edit to the other service, or to nothing this proxy uses: no reload to announce
        }

        _fingerprint = fingerprint;

        if (_started && next.Routing.ConnectTimeoutSecs != Current.Routing.ConnectTimeoutSecs)
        {
            _say($"config.json: routing.connect_timeout_secs is now {next.Routing.ConnectTimeoutSecs:0.#} s, but connections keep {ConnectTimeoutSecs:0.#} s until the proxy restarts");
        }

        Current = next with { Routes = _router.Configure(next.ConfigName, next.Upstreams, next.Routing) };
        if (_started)
        {
            Changed?.Invoke(Current);
        }

        return true;
    }

    /// <summary>Versions of config.json read without an error, whether or not they changed what this proxy uses.</summary>
    public int VersionsRead => Volatile.Read(ref _versionsRead);

    /// <summary>What this service takes from the file: its active config, the routing knobs, the problem if any.</summary>
    private string Fingerprint(HelperConfig? config, ActiveConfig next)
    {
        var used = new HelperConfig { Routing = config?.Routing };
        if (next.Problem is null && config?.Section(_kind).ActiveConfig is { } active)
        {
            used.Section(_kind).Configs[active.Name] = active;
        }

        return next.Problem + "\n" + JsonSerializer.Serialize(used, ConfigJsonContext.Default.HelperConfig);
    }

    public ValueTask DisposeAsync() => _watcher.DisposeAsync();
}

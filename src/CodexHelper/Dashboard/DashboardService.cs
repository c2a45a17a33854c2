using CodexHelper.Configuration;
using CodexHelper.Diagnostics;
using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.LocalAnswers;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.RequestLog;
using CodexHelper.Sessions;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Dashboard;

/// <summary>
/// The dashboard of one running proxy: the live feed and inspector, the event hub, the upstream watcher and
/// the page's endpoints. Installed as the proxy's <see cref="IProxyObserver"/>; costs a ring-slot write per
/// request while nobody looks, and captures bodies only while a viewer is connected.
/// </summary>
internal sealed class DashboardService : IAsyncDisposable
{
    public const int CapturesPerSecond = 20;

    /// <summary>
    /// More request events a second than anyone can read are counted instead of sent (viewers are told how many),
    /// so that a busy proxy does not spend its time serialising a feed: the totals come from the log.
    /// </summary>
    public const int RequestEventsPerSecond = 200;

    private static readonly TimeSpan TodayMaxAge = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A request that finished after the cached report was read makes it stale at once (the page asks again a few
    /// seconds after each request event), but the log is read at most this often however busy the proxy is.
    /// </summary>
    private static readonly TimeSpan TodayMinAge = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SessionsMaxAge = TimeSpan.FromSeconds(30);

    private readonly ObservedProxy _proxy;
    private readonly AppPaths _paths;
    private readonly UpstreamWatcher _watcher;
    private readonly Lock _cacheGate = new();
    private readonly PerSecondBudget _captureBudget = new(CapturesPerSecond);
    private readonly PerSecondBudget _eventBudget = new(RequestEventsPerSecond);
    private (DateTimeOffset At, long Finished, Task<TodayReport> Report)? _today;
    private long _finished;
    private (DateTimeOffset At, Task<IReadOnlyList<RecentSession>> Sessions)? _sessions;

    public DashboardService(ObservedProxy proxy, AppPaths paths, CaptureSettings? capture = null)
    {
        _proxy = proxy;
        _paths = paths;
        var scrubber = new SecretScrubber(KnownKeys);
        Feed = new DashboardFeed(scrubber);
        Capture = capture is null ? null : new CaptureWriter(Path.Combine(paths.CapturesDir, proxy.Kind.Name()), capture, scrubber, proxy.Say);
        Guard = new DashboardGuard(() => proxy.Port);
        Actions = new DashboardActions(proxy, paths);
        _watcher = new UpstreamWatcher(Hub, Own);
    }

    public DashboardHub Hub { get; } = new();
    public DashboardFeed Feed { get; }

    /// <summary>The disk capture, when <c>--capture</c> turned it on.</summary>
    public CaptureWriter? Capture { get; }
    public DashboardGuard Guard { get; }
    public DashboardActions Actions { get; }
    public ServiceKind Kind => _proxy.Kind;

    /// <summary>
    /// Every request while the disk capture is on (the user asked for a record). Otherwise while someone looks, and for
    /// at most <see cref="CapturesPerSecond"/> requests a second: a person inspects a few requests, and under heavy load
    /// the ring would drop the bodies long before anyone clicked them.
    /// </summary>
    public bool WantsCapture => Capture is not null || (Hub.HasViewers && _captureBudget.TryTake());

    public void RequestFinished(RequestLogEntry entry, RequestCapture? capture)
    {
        Interlocked.Increment(ref _finished);
        var id = Feed.Add(entry, capture);
        if (capture is not null)
        {
            Capture?.Add(id, entry, capture);
        }

        if (!Hub.HasViewers)
        {
            return;
        }

        if (_eventBudget.TryTake())
        {
            Hub.Publish("request", FeedItem.From(id, entry, capture is not null), DashboardJsonContext.Default.FeedItem);
        }
        else
        {
            Hub.Skip();
        }
    }

    /// <summary>This proxy's service as the page shows it (no config list: that needs config.json).</summary>
    public ServiceState Own()
    {
        var status = _proxy.Status.Snapshot(Capture?.Status);
        return ServiceState.Of(status) with { Live = true, Balances = Balances(status.Upstreams) };
    }

    /// <summary>The keys of the live config's upstreams: masked wherever they turn up in a captured body.</summary>
    private IEnumerable<string> KnownKeys()
    {
        foreach (var upstream in _proxy.Configs.Current.Upstreams)
        {
            var credentials = _proxy.Upstreams.CredentialsFor(upstream);
            if (credentials.BearerToken is { } token)
            {
                yield return token;
            }

            if (credentials.ApiKey is { } key)
            {
                yield return key;
            }
        }
    }

    private Dictionary<string, double>? Balances(IReadOnlyList<Routing.UpstreamStatus> upstreams)
    {
        Dictionary<string, double>? balances = null;
        foreach (var u in upstreams)
        {
            if (_proxy.Quota.BalanceOf(u.BaseUrl) is { } b)
            {
                (balances ??= new(StringComparer.Ordinal))[u.BaseUrl] = b;
            }
        }

        return balances;
    }

    /// <summary>Both services: this one live, the other from its status endpoint when its proxy runs.</summary>
    public async Task<DashboardState> StateAsync(CancellationToken ct)
    {
        var config = ConfigStore.For(_paths).LoadOrProblem(out _);
        var other = Kind == ServiceKind.Codex ? ServiceKind.Claude : ServiceKind.Codex;
        var own = Own() with { Configs = ConfigNames(config, Kind) };
        var peer = await PeerAsync(other, config, ct);
        ServiceState[] services = Kind == ServiceKind.Codex ? [own, peer] : [peer, own];
        return new DashboardState
        {
            Service = Kind.Name(),
            Version = typeof(DashboardService).Assembly.GetName().Version?.ToString(3) ?? "",
            Services = services,
            Recent = Feed.Recent(100),
        };
    }

    private async Task<ServiceState> PeerAsync(ServiceKind kind, HelperConfig? config, CancellationToken ct)
    {
        var port = ServicePorts.For(kind, _proxy.GetEnv);
        var probe = port == _proxy.Port
            ? new ProxyProbeResult(port, ProxyState.NotRunning, null, null)
            : await ProxyProbe.ProbeAsync(port, TimeSpan.FromMilliseconds(500), ct);
        if (probe.Status is not { } s || s.Service != kind.Name())
        {
            return new ServiceState { Service = kind.Name(), Port = port, ActiveConfig = config?.Section(kind).Active, Configs = ConfigNames(config, kind) };
        }

        return ServiceState.Of(s) with { Configs = ConfigNames(config, kind) };
    }

    private static IReadOnlyList<string> ConfigNames(HelperConfig? config, ServiceKind kind) =>
        config is null ? [] : [.. config.Section(kind).Configs.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Today's totals from the request log, at most <see cref="TodayMaxAge"/> old (reading the log is not free).</summary>
    public async Task<TodayReport> TodayAsync()
    {
        var now = _proxy.Clock.GetUtcNow();
        Task<TodayReport> report;
        Task<IReadOnlyList<RecentSession>> sessions;
        lock (_cacheGate)
        {
            var finished = Interlocked.Read(ref _finished);
            if (_today is not { } t || now - t.At > TodayMaxAge || t.Report.IsFaulted || (t.Finished != finished && now - t.At > TodayMinAge))
            {
                // The log is read synchronously: off the socket thread, which must never block.
                _today = (now, finished, Task.Run(() => ReadTodayAsync(now)));
            }

            if (_sessions is not { } s || now - s.At > SessionsMaxAge || s.Sessions.IsFaulted)
            {
                _sessions = (now, Task.Run(RecentSessions));
            }

            report = _today.Value.Report;
            sessions = _sessions.Value.Sessions;
        }

        IReadOnlyList<RecentSession> recent;
        try
        {
            recent = await sessions;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            recent = [];
        }

        return (await report) with { Sessions = recent };
    }

    /// <summary>The requests that finished so far are queued for the log: they are written first (a stuck disk gets a second).</summary>
    private async Task<TodayReport> ReadTodayAsync(DateTimeOffset now)
    {
        try
        {
            await _proxy.Log.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
        }

        return TodayBuilder.Read(_paths.RequestLog, now, TimeZoneInfo.Local);
    }

    private IReadOnlyList<RecentSession> RecentSessions()
    {
        var list = new List<RecentSession>();
        foreach (var source in new[] { SessionSource.Codex, SessionSource.Claude })
        {
            foreach (var s in new SessionIndex(_paths, source, maxParallelism: 2).List(new SessionQuery(null, 5)))
            {
                list.Add(new RecentSession
                {
                    Client = source == SessionSource.Claude ? "claude" : "codex",
                    Id = s.Id,
                    Title = s.Title,
                    Cwd = s.Cwd,
                    LastActivity = s.LastActivity,
                    Turns = s.Turns,
                    Resume = s.ResumeCommand,
                });
            }
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        Hub.CloseAll();
        await _watcher.DisposeAsync();
        if (Capture is not null)
        {
            await Capture.DisposeAsync();
        }
    }
}

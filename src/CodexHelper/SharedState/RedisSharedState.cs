using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using CodexHelper.Routing;
using StackExchange.Redis;

namespace CodexHelper.SharedState;

/// <summary>
/// What gateway replicas share through Redis (<c>--state redis://…</c>): upstream health (failures, cooldown, the
/// half-open probe lock), exhausted marks and per-token spend. Requests never wait for Redis: changes are queued and
/// a background loop (every <see cref="SyncInterval"/>) sends them, then reads the other replicas' view into local
/// state. When Redis is unreachable the loop says so once, every replica carries on with its own state, and on
/// reconnection the queued spend and health changes are sent, each replica re-asserts a cooldown it learnt meanwhile
/// that Redis lacks, and the health is re-read, so the replicas converge again (failures add up, the longest
/// cooldown wins, and a success queued during the outage never undoes a failure recorded after it).
/// </summary>
internal sealed class RedisSharedState : IAsyncDisposable
{
    public static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(250);

    // KEYS[1] health hash; ARGV: local cooldown-until ms (0 = not tripped), now ms, threshold, cooldown ms, when the
    // failure was seen (ms; kept in 'at' so that older successes do not undo it).
    // Failures add up across replicas; reaching the threshold together trips the breaker for all of them.
    private const string FailureScript = """
        local f = redis.call('HINCRBY', KEYS[1], 'fails', 1)
        local u = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
        local want = tonumber(ARGV[1])
        if f >= tonumber(ARGV[3]) then
          local t = tonumber(ARGV[2]) + tonumber(ARGV[4])
          if t > want then want = t end
        end
        if want > u then redis.call('HSET', KEYS[1], 'until', want) end
        local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
        if tonumber(ARGV[5]) > at then redis.call('HSET', KEYS[1], 'at', ARGV[5]) end
        redis.call('PEXPIRE', KEYS[1], 86400000)
        return f
        """;

    // KEYS[1] health hash; ARGV: when the success was seen (ms). A success closes the shared breaker only if no
    // failure was recorded after it: a success queued while Redis was away must not wipe a failure another
    // replica pushed since (its own later failure is newer than this replica's stale success).
    private const string SuccessScript = """
        local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
        if at > tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'fails', 0, 'until', 0)
        return 1
        """;

    // KEYS[1] health hash; ARGV: this replica's cooldown-until ms, its consecutive failures. Re-asserts what this
    // replica knows but Redis does not (learnt while Redis was away, or lost when it restarted empty): the longest
    // cooldown and the most failures win. Returns { fails, until } after the merge.
    private const string MergeScript = """
        local f = tonumber(redis.call('HGET', KEYS[1], 'fails') or '0')
        local u = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
        if tonumber(ARGV[2]) > f then
          f = tonumber(ARGV[2])
          redis.call('HSET', KEYS[1], 'fails', f)
        end
        if tonumber(ARGV[1]) > u then
          u = tonumber(ARGV[1])
          redis.call('HSET', KEYS[1], 'until', u)
        end
        local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
        if tonumber(ARGV[3]) > at then redis.call('HSET', KEYS[1], 'at', ARGV[3]) end
        redis.call('PEXPIRE', KEYS[1], 86400000)
        return { f, u }
        """;

    private static readonly TimeSpan ProbeLease = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SpendKeyLifetime = TimeSpan.FromDays(40);

    private readonly ConnectionMultiplexer _redis;
    private readonly string _display;
    private readonly string _prefix;
    private readonly string _instance;
    private readonly TimeProvider _clock;
    private readonly Action<string> _say;
    private readonly Channel<(HealthReport Report, long AtMs)> _reports = Channel.CreateBounded<(HealthReport, long)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly ConcurrentDictionary<string, bool> _exhaustedToSend = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SharedHealth> _lastSeen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private ISharedHealthTarget? _health;
    private Task? _loop;
    private bool _down;

    // Set when Redis goes away, cleared by the first full round after it is back: until then a clean shared view is
    // not news from another replica (a probe that succeeded) but possibly a Redis that restarted empty.
    private bool _resync;

    private RedisSharedState(ConnectionMultiplexer redis, string display, string service, string instance, TimeProvider clock, Action<string> say)
    {
        _redis = redis;
        _display = display;
        _prefix = "codex-helper:" + service + ":";
        _instance = instance;
        _clock = clock;
        _say = say;
        Spend = new RedisSpendLedger();
    }

    public RedisSpendLedger Spend { get; }

    /// <summary>True while the last round trip to Redis worked.</summary>
    public bool Connected => !Volatile.Read(ref _down);

    public static async Task<RedisSharedState> ConnectAsync(string url, string service, string instance, TimeProvider clock, Action<string> say)
    {
        var options = RedisUrl.Parse(url);
        var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var state = new RedisSharedState(redis, RedisUrl.Display(url), service, instance, clock, say);
        if (!redis.IsConnected)
        {
            state.MarkDown("not reachable at start-up");
        }

        return state;
    }

    /// <summary>Starts mirroring <paramref name="health"/> (the router) and the spend ledger.</summary>
    public void Start(ISharedHealthTarget health)
    {
        _health = health;
        health.SetShared(Connected);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>A breaker change seen here (never blocks: queued for the loop).</summary>
    public void Report(HealthReport report) => _reports.Writer.TryWrite((report, _clock.GetUtcNow().ToUnixTimeMilliseconds()));

    public void ReportExhausted(string id, bool exhausted) => _exhaustedToSend[id] = exhausted;

    /// <summary>One round: send what changed here, then read what every replica sees. Tests call it to skip the wait.</summary>
    public async Task SyncOnceAsync()
    {
        try
        {
            var db = _redis.GetDatabase();
            var resync = Volatile.Read(ref _resync);
            await SendHealthAsync(db);
            await Spend.FlushAsync(db, SpendKey, SpendKeyLifetime);
            await ReadHealthAsync(db, resync);
            await Spend.RefreshAsync(db, SpendKey);
            if (resync)
            {
                Volatile.Write(ref _resync, false);
            }

            if (Volatile.Read(ref _down))
            {
                Volatile.Write(ref _down, false);
                _health?.SetShared(true);
                _say($"codex-helper: shared state {_display} is back; queued spend sent and upstream health re-read");
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            MarkDown(Reason(ex));
        }
    }

    /// <summary>A few words for the console: StackExchange.Redis messages span many fields (and lines).</summary>
    private static string Reason(Exception ex) => ex switch
    {
        RedisConnectionException c => c.FailureType.ToString(),
        TimeoutException => "timeout",
        ObjectDisposedException => "closed",
        RedisServerException s => FirstLine(s.Message),
        _ => ex.GetType().Name,
    };

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 80 ? line : line[..80];
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(SyncInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await SyncOnceAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void MarkDown(string why)
    {
        Volatile.Write(ref _resync, true);
        if (!Volatile.Read(ref _down))
        {
            Volatile.Write(ref _down, true);
            _health?.SetShared(false);
            _say($"codex-helper: shared state {_display} unreachable ({why}); this replica carries on with its own state until it is back");
        }
    }

    // By upstream id: the base_url unless two upstreams share it, so the keys of a plain config are what they always were.
    private RedisKey HealthKey(string id) => _prefix + "health:" + id;

    private RedisKey ProbeKey(string id) => _prefix + "probe:" + id;

    private static RedisKey SpendKey(string token, string period) => "codex-helper:spend:" + token + ":" + period;

    private async Task SendHealthAsync(IDatabase db)
    {
        while (_reports.Reader.TryPeek(out var queued))
        {
            var (r, at) = queued;
            if (r.Success)
            {
                // Only a shared view that is not clean needs resetting: a healthy upstream costs no write per request.
                if (!_lastSeen.TryGetValue(r.Id, out var seen) || !seen.IsClean)
                {
                    await db.ScriptEvaluateAsync(SuccessScript, [HealthKey(r.Id)], [at]);
                    await ReleaseProbeAsync(db, r.Id);
                    _lastSeen[r.Id] = seen with { Failures = 0, CooldownUntilMs = 0 };
                }
            }
            else
            {
                var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
                await db.ScriptEvaluateAsync(FailureScript, [HealthKey(r.Id)],
                    [r.CooldownUntilMs, now, r.FailureThreshold, (long)(r.CooldownSecs * 1000), at]);
                // A failed probe frees the lock so that whoever is half-open next may probe.
                await ReleaseProbeAsync(db, r.Id);
            }

            _reports.Reader.TryRead(out _);
        }

        foreach (var (url, exhausted) in _exhaustedToSend)
        {
            await db.HashSetAsync(HealthKey(url), "exhausted", exhausted ? 1 : 0);
            _exhaustedToSend.TryRemove(new KeyValuePair<string, bool>(url, exhausted));
        }
    }

    private async Task ReleaseProbeAsync(IDatabase db, string id)
    {
        // Only our own lock: another replica's probe may be in flight.
        if (await db.StringGetAsync(ProbeKey(id)) == _instance)
        {
            await db.KeyDeleteAsync(ProbeKey(id));
        }

        _health?.GrantProbe(id, false);
    }

    private async Task ReadHealthAsync(IDatabase db, bool resync)
    {
        if (_health is null)
        {
            return;
        }

        foreach (var url in _health.Ids)
        {
            var fields = await db.HashGetAllAsync(HealthKey(url));
            long fails = 0, until = 0;
            var exhausted = false;
            foreach (var f in fields)
            {
                switch ((string?)f.Name)
                {
                    case "fails": fails = (long)f.Value; break;
                    case "until": until = (long)f.Value; break;
                    case "exhausted": exhausted = (long)f.Value != 0; break;
                }
            }

            var shared = new SharedHealth(fails, until, exhausted);
            var now = _clock.GetUtcNow();
            var previous = _lastSeen.TryGetValue(url, out var seen) ? seen : default;
            var local = _health.Local(url, now);
            // This replica is cooling the upstream down for longer than Redis says. Unless another replica cleared
            // the shared view since the last read (its probe succeeded: the breaker closes here too), Redis missed it:
            // a failure learnt while Redis was away, overwritten by a clean read on reconnection, or a Redis that came
            // back empty. Push it, so that every replica converges on the longest cooldown.
            if (local.CooldownUntilMs > shared.CooldownUntilMs && (resync || !shared.IsClean || previous.IsClean))
            {
                var merged = (RedisResult[])(await db.ScriptEvaluateAsync(MergeScript, [HealthKey(url)], [local.CooldownUntilMs, local.Failures, now.ToUnixTimeMilliseconds()]))!;
                shared = shared with { Failures = (long)merged[0], CooldownUntilMs = (long)merged[1] };
            }

            _lastSeen[url] = shared;
            _health.Import(url, shared, now);
            if (_health.WantsProbe(url, now))
            {
                // One replica probes a half-open upstream: whoever sets the lock first.
                var won = await db.StringSetAsync(ProbeKey(url), _instance, ProbeLease, When.NotExists)
                    || await db.StringGetAsync(ProbeKey(url)) == _instance;
                _health.GrantProbe(url, won);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        if (!Volatile.Read(ref _down))
        {
            // Last spend of this replica, so that a restart does not forget it.
            try
            {
                await Spend.FlushAsync(_redis.GetDatabase(), SpendKey, SpendKeyLifetime);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
            }
        }

        await _redis.CloseAsync();
        _redis.Dispose();
        _stop.Dispose();
    }

    internal static string Format(decimal usd) => usd.ToString(CultureInfo.InvariantCulture);
}

namespace CodexHelper.Quota;

/// <summary>
/// Keeps upstream exhaustion marks in step with their usage providers. Polls run in the background after requests
/// (at most once per interval per provider and upstream), so a proxied request never waits for a balance check.
/// A failing provider changes no mark and warns once per failure streak.
/// </summary>
internal sealed class QuotaPoller : IAsyncDisposable
{
    /// <summary>Bound on one poll (both requests of openai_billing together).</summary>
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly UsageProvidersFile _providers;
    private readonly QuotaClient _client;
    private readonly TimeProvider _clock;
    private readonly Action<string, bool> _mark;
    private readonly Action<string> _warn;
    private readonly Func<string, string?> _getEnv;
    private readonly double _minIntervalSecs;
    // By upstream id, not base_url: two key groups of one relay have a balance each.
    private readonly Dictionary<(string ProviderId, string UpstreamId), PollState> _states = [];
    private readonly HashSet<Task> _running = [];
    // Which providers serve a base_url, worked out once per base_url: the check parses the URL, and it runs after every request.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, UsageProvider[]> _matching = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> _balances = new(StringComparer.Ordinal);
    private bool _disposed;
    // Upstream ids whose verdict changed since it was last handed to mark, and whether a thread is handing them over.
    private readonly HashSet<string> _unmarked = new(StringComparer.Ordinal);
    private bool _delivering;

    /// <param name="mark">Receives the verdict for an upstream id (<c>RoutedUpstream.Id</c>); normally <c>UpstreamRouter.SetExhausted</c>.</param>
    /// <param name="warn">One line per failure streak; never contains a token.</param>
    /// <param name="minIntervalSecs">Floor under every provider's poll_interval_secs (20 s, as the original; tests lower it).</param>
    /// <param name="getEnv">Reads token_env variables; defaults to the process environment.</param>
    public QuotaPoller(UsageProvidersFile providers, HttpClient http, TimeProvider clock,
        Action<string, bool> mark, Action<string> warn,
        double minIntervalSecs = 20, Func<string, string?>? getEnv = null)
    {
        _providers = providers;
        _client = new QuotaClient(http);
        _clock = clock;
        _mark = mark;
        _warn = warn;
        _minIntervalSecs = minIntervalSecs;
        _getEnv = getEnv ?? Environment.GetEnvironmentVariable;
        if (providers.Problem is { } problem)
        {
            warn($"usage providers disabled: {problem}");
        }
    }

    /// <summary>Never blocks: schedules background polls for the providers of this upstream that are due.</summary>
    /// <param name="upstreamToken">The resolved key of the upstream that served (never logged): the one a provider without <c>token_env</c> asks with.</param>
    /// <param name="upstreamId">The served upstream's <c>RoutedUpstream.Id</c>: what its state, balance and mark go by.</param>
    public void OnRequestCompleted(string upstreamId, string upstreamBaseUrl, string? upstreamToken)
    {
        var due = Claim(upstreamId, upstreamBaseUrl, onlyIfDue: true);
        foreach (var provider in due)
        {
            Track(PollInBackgroundAsync(provider, new Polled(upstreamId, upstreamBaseUrl), upstreamToken));
        }
    }

    /// <summary>The last balance a provider reported for the upstream with this id, or null.</summary>
    public double? BalanceOf(string upstreamId) => _balances.TryGetValue(upstreamId, out var b) ? b : null;

    /// <summary>Completes when every background poll started so far has finished.</summary>
    internal async Task WhenIdleAsync()
    {
        while (true)
        {
            Task[] running;
            lock (_gate)
            {
                running = [.. _running];
            }

            if (running.Length == 0)
            {
                return;
            }

            await Task.WhenAll(running);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync();
        await WhenIdleAsync();
        _stopping.Dispose();
    }

    private List<UsageProvider> Claim(string id, string baseUrl, bool onlyIfDue)
    {
        var matching = Matching(baseUrl);
        var claimed = new List<UsageProvider>(matching.Length);
        if (matching.Length == 0)
        {
            return claimed;
        }

        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (_disposed)
            {
                return claimed;
            }

            foreach (var provider in matching)
            {
                var state = State(provider, id);
                var interval = TimeSpan.FromSeconds(Math.Max(provider.PollIntervalSecs, _minIntervalSecs));
                if (state.InFlight || (onlyIfDue && state.LastPoll is { } last && now - last < interval))
                {
                    continue;
                }

                state.InFlight = true;
                state.LastPoll = now;
                claimed.Add(provider);
            }
        }

        return claimed;
    }

    private UsageProvider[] Matching(string baseUrl)
    {
        if (_matching.TryGetValue(baseUrl, out var known))
        {
            return known;
        }

        if (_matching.Count > 1024)
        {
            // Base URLs come from config.json, so this only grows through many reloads: start over rather than grow.
            _matching.Clear();
        }

        return _matching.GetOrAdd(baseUrl, b => [.. _providers.Providers.Where(p => p.Matches(b))]);
    }

    private async Task PollInBackgroundAsync(UsageProvider provider, Polled upstream, string? upstreamToken)
    {
        // Leave the request's thread before any I/O (DNS, connect) can run synchronously on it.
        await Task.Yield();
        await PollAsync(provider, upstream, upstreamToken, CancellationToken.None);
    }

    private async Task PollAsync(UsageProvider provider, Polled upstream, string? upstreamToken, CancellationToken ct)
    {
        QuotaReading reading;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        timeout.CancelAfter(PollTimeout);
        try
        {
            reading = ResolveToken(provider, upstreamToken) is { } token
                ? await _client.ReadAsync(provider, upstream.BaseUrl, token, _clock.GetUtcNow(), timeout.Token)
                : QuotaReading.Failed(provider.TokenEnv is { Length: > 0 } env
                    ? $"no token: ${env} is empty and the upstream has no auth_token"
                    : "no token: the upstream has no auth_token (or set token_env)");
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested || ct.IsCancellationRequested)
        {
            Finish(provider, upstream, reading: null);
            return;
        }
        catch (OperationCanceledException)
        {
            reading = QuotaReading.Failed($"timed out after {PollTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex)
        {
            // Only the type: messages of unexpected errors could quote a header value.
            reading = QuotaReading.Failed($"unexpected {ex.GetType().Name}");
        }

        Finish(provider, upstream, reading);
    }

    private string? ResolveToken(UsageProvider provider, string? upstreamToken) =>
        provider.TokenEnv is { Length: > 0 } env && _getEnv(env) is { Length: > 0 } fromEnv ? fromEnv
        : string.IsNullOrEmpty(upstreamToken) ? null
        : upstreamToken;

    private void Finish(UsageProvider provider, Polled upstream, QuotaReading? reading)
    {
        string? warning = null;
        var deliver = false;
        lock (_gate)
        {
            var state = State(provider, upstream.Id);
            state.InFlight = false;
            if (reading is not { } r || _disposed)
            {
                return;
            }

            if (r.Problem is { } problem)
            {
                if (!state.Failing)
                {
                    state.Failing = true;
                    warning = $"usage provider \"{provider.Id}\" for {upstream.Id}: {problem}";
                }
            }
            else
            {
                state.Failing = false;
                state.Exhausted = r.Exhausted;
                if (r.BalanceUsd is { } balance)
                {
                    _balances[upstream.Id] = Math.Round(balance, 2);
                }
                _unmarked.Add(upstream.Id);
                deliver = !_delivering;
                _delivering = true;
            }
        }

        if (warning is not null)
        {
            _warn(warning);
        }

        if (deliver)
        {
            DeliverMarks();
        }
    }

    /// <summary>
    /// Hands verdicts to <c>mark</c> one at a time, each worked out from the states as they are when it is handed
    /// over. Two providers finishing together once computed their verdicts under the lock but delivered them after
    /// it, in either order, so an older "not exhausted" could land last. Now one thread delivers (outside the lock)
    /// and a verdict that changes meanwhile is queued again, so the last mark is always the current verdict.
    /// </summary>
    private void DeliverMarks()
    {
        while (true)
        {
            string id;
            bool exhausted;
            lock (_gate)
            {
                if (_unmarked.Count == 0)
                {
                    _delivering = false;
                    return;
                }

                id = _unmarked.First();
                _unmarked.Remove(id);
                // Several providers may watch one upstream: any of them saying "spent" is enough.
                exhausted = _states.Any(kv => kv.Key.UpstreamId == id && kv.Value.Exhausted);
            }

            var handed = false;
            try
            {
                _mark(id, exhausted);
                handed = true;
            }
            finally
            {
                if (!handed)
                {
                    // mark threw: the next verdict must still find a deliverer.
                    lock (_gate)
                    {
                        _delivering = false;
                    }
                }
            }
        }
    }

    private PollState State(UsageProvider provider, string id)
    {
        var key = (provider.Id, id);
        if (!_states.TryGetValue(key, out var state))
        {
            state = new PollState();
            _states[key] = state;
        }

        return state;
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _running.Add(task);
        }

        _ = task.ContinueWith(t =>
        {
            lock (_gate)
            {
                _running.Remove(t);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The upstream a poll is for: its id (state, balance, mark) and its base_url (where the provider asks, by default).</summary>
    private readonly record struct Polled(string Id, string BaseUrl);

    private sealed class PollState
    {
        public DateTimeOffset? LastPoll { get; set; }
        public bool InFlight { get; set; }
        public bool Failing { get; set; }
        public bool Exhausted { get; set; }
    }
}

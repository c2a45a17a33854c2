using System.Collections.Concurrent;
using CodexHelper.Quota;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Quota;

public sealed class QuotaPollerTests : IAsyncLifetime
{
    private const string Token = "sk-upstream-secret-0123456789";
    private const string BudgetPath = "/api/backend/users/info";
    private const string YesPath = "/api/v1/user/balance";

    private readonly ManualClock _clock = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly ConcurrentQueue<(string Url, bool Exhausted)> _marks = new();
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly Dictionary<string, string?> _env = [];
    private QuotaStubServer _stub = null!;
    private string? _upstreamToken = Token;

    public async Task InitializeAsync() => _stub = await QuotaStubServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _stub.DisposeAsync();
        _http.Dispose();
    }

    private string Upstream => _stub.BaseUrl + "/v1";

    private UsageProvider Budget(string? domain = null, double interval = 60) => new()
    {
        Id = "budget",
        Kind = UsageProviderKinds.BudgetHttpJson,
        Domains = [domain ?? "127.0.0.1"],
        Endpoint = _stub.BaseUrl + BudgetPath,
        PollIntervalSecs = interval,
    };

    // Through the file's own parser, as the proxy loads them: a provider the file would refuse fails here too.
    private QuotaPoller Poller(params UsageProvider[] providers) => Poller(UsageProvidersFile.Parse("usage_providers.json",
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new UsageProvidersDocument { Providers = [.. providers] }, QuotaJsonContext.Default.UsageProvidersDocument)));

    private QuotaPoller Poller(UsageProvidersFile file) =>
        new(file, _http, _clock, (url, e) => _marks.Enqueue((url, e)), _warnings.Enqueue,
            minIntervalSecs: 20, getEnv: name => _env.GetValueOrDefault(name));

    private async Task RequestCompletedAsync(QuotaPoller poller)
    {
        poller.OnRequestCompleted(Upstream, Upstream, _upstreamToken);
        await poller.WhenIdleAsync();
    }

    // The longest poll interval any test here uses (the defaults are 60 s).
    private const double MaxPollInterval = 120;

    /// <summary>A request completes after every provider's interval has passed: each provider polls once more.</summary>
    private async Task PollAgainAsync(QuotaPoller poller)
    {
        _clock.AdvanceSeconds(MaxPollInterval);
        await RequestCompletedAsync(poller);
    }

    private void SetBudget(double budget, double spent) =>
        _stub.Answer(BudgetPath, $$"""{"monthly_budget_usd": {{budget}}, "monthly_spent_usd": {{spent}}}""");

    [Fact]
    public async Task Two_keys_on_one_relay_are_polled_and_marked_by_their_own_ids()
    {
        await using var poller = Poller(Budget());
        SetBudget(100, 100);
        string a = Upstream + "#aaaaaaaa", b = Upstream + "#bbbbbbbb";
        poller.OnRequestCompleted(a, Upstream, "sk-key-group-a");
        // Within A's interval: B is another balance, so it is polled all the same.
        poller.OnRequestCompleted(b, Upstream, "sk-key-group-b");
        await poller.WhenIdleAsync();

        Assert.Equal([(a, true), (b, true)], _marks.OrderBy(m => m.Url, StringComparer.Ordinal));
        Assert.Contains(_stub.Seen, r => r.Authorization == "Bearer sk-key-group-b");
        Assert.Null(poller.BalanceOf(Upstream));
        Assert.NotNull(poller.BalanceOf(b));
    }

    [Fact]
    public async Task Budget_provider_marks_and_clears_exhaustion_with_a_bearer_token()
    {
        await using var poller = Poller(Budget());
        SetBudget(100, 100);
        await PollAgainAsync(poller);
        Assert.Equal([(Upstream, true)], _marks);

        SetBudget(200, 100);
        await PollAgainAsync(poller);
        Assert.Equal((Upstream, false), _marks.Last());

        var seen = Assert.Single(_stub.Seen.Where(r => r.Path == BudgetPath).Take(1));
        Assert.Equal($"Bearer {Token}", seen.Authorization);
        Assert.Equal("", seen.ApiKey);
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task Yescode_provider_sends_the_token_as_x_api_key()
    {
        await using var poller = Poller(new UsageProvider
        {
            Id = "yes", Kind = UsageProviderKinds.YescodeProfile, Domains = ["127.0.0.1"], Endpoint = _stub.BaseUrl + YesPath,
        });
        _stub.Answer(YesPath, """{"subscription_balance": 0, "pay_as_you_go_balance": 0}""");
        await PollAgainAsync(poller);

        Assert.Equal([(Upstream, true)], _marks);
        var seen = Assert.Single(_stub.Seen);
        Assert.Equal(Token, seen.ApiKey);
        Assert.Equal("", seen.Authorization);
    }

    [Fact]
    public async Task Openai_billing_reads_both_endpoints_under_the_upstream_base_url()
    {
        await using var poller = Poller(new UsageProvider { Id = "relay", Kind = UsageProviderKinds.OpenAiBilling, Domains = ["127.0.0.1"] });
        _stub.Answer("/v1/dashboard/billing/subscription", """{"object": "billing_subscription", "hard_limit_usd": 5}""");
        _stub.Answer("/v1/dashboard/billing/usage", """{"object": "list", "total_usage": 500.0}""");
        await PollAgainAsync(poller);
        Assert.Equal([(Upstream, true)], _marks);

        _stub.Answer("/v1/dashboard/billing/usage", """{"object": "list", "total_usage": 499}""");
        await PollAgainAsync(poller);
        Assert.Equal((Upstream, false), _marks.Last());

        var usage = _stub.Seen.First(r => r.Path == "/v1/dashboard/billing/usage");
        Assert.Equal("?start_date=2025-03-01&end_date=2025-03-15", usage.Query);
        Assert.All(_stub.Seen, r => Assert.Equal($"Bearer {Token}", r.Authorization));
    }

    [Fact]
    public async Task Openai_billing_endpoint_replaces_the_base_url()
    {
        await using var poller = Poller(new UsageProvider
        {
            Id = "relay", Kind = UsageProviderKinds.OpenAiBilling, Domains = ["127.0.0.1"], Endpoint = _stub.BaseUrl + "/",
        });
        _stub.Answer("/dashboard/billing/subscription", """{"hard_limit_usd": 5}""");
        _stub.Answer("/dashboard/billing/usage", """{"total_usage": 1}""");
        await PollAgainAsync(poller);
        Assert.Equal([(Upstream, false)], _marks);
    }

    [Fact]
    public async Task A_failure_streak_warns_once_and_leaves_the_mark_alone()
    {
        await using var poller = Poller(Budget());
        SetBudget(1, 1);
        await PollAgainAsync(poller);

        _stub.Answer(BudgetPath, """{"error": "Bearer sk-upstream-secret-0123456789 is invalid"}""", status: 500);
        await PollAgainAsync(poller);
        _stub.Answer(BudgetPath, "<html>oops</html>");
        await PollAgainAsync(poller);
        _stub.Answer(BudgetPath, """{"monthly_budget_usd": 1}""");
        await PollAgainAsync(poller);

        Assert.Equal([(Upstream, true)], _marks);
        var warning = Assert.Single(_warnings);
        Assert.Contains("\"budget\"", warning);
        Assert.Contains("HTTP 500", warning);

        SetBudget(1, 0);
        await PollAgainAsync(poller);
        Assert.Equal((Upstream, false), _marks.Last());

        _stub.Answer(BudgetPath, "not json");
        await PollAgainAsync(poller);
        Assert.Equal(2, _warnings.Count);
        Assert.Contains("did not answer JSON", _warnings.Last());
        Assert.All(_warnings, w => Assert.DoesNotContain(Token, w));
    }

    [Fact]
    public async Task Refused_connection_is_a_problem_not_a_verdict()
    {
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var provider = Budget();
        provider.Endpoint = $"http://127.0.0.1:{closedPort}/info?key={Token}";
        await using var poller = Poller(provider);
        await PollAgainAsync(poller);

        Assert.Empty(_marks);
        var warning = Assert.Single(_warnings);
        Assert.Contains($"127.0.0.1:{closedPort}", warning);
        Assert.DoesNotContain(Token, warning);
    }

    [Fact]
    public async Task Providers_only_poll_upstreams_in_their_domains()
    {
        await using var poller = Poller(Budget(domain: "packycode.com"));
        SetBudget(1, 1);
        await RequestCompletedAsync(poller);
        await PollAgainAsync(poller);
        Assert.Empty(_stub.Seen);
        Assert.Empty(_marks);
    }

    [Fact]
    public async Task Polls_after_requests_respect_the_interval()
    {
        await using var poller = Poller(Budget(interval: 60));
        SetBudget(100, 1);

        await RequestCompletedAsync(poller);
        await RequestCompletedAsync(poller);
        Assert.Equal(1, _stub.Count(BudgetPath));

        _clock.AdvanceSeconds(59);
        await RequestCompletedAsync(poller);
        Assert.Equal(1, _stub.Count(BudgetPath));

        _clock.AdvanceSeconds(1);
        await RequestCompletedAsync(poller);
        Assert.Equal(2, _stub.Count(BudgetPath));
    }

    [Fact]
    public async Task The_minimum_interval_applies_to_short_poll_intervals()
    {
        await using var poller = Poller(Budget(interval: 1));
        SetBudget(100, 1);
        await RequestCompletedAsync(poller);
        _clock.AdvanceSeconds(10);
        await RequestCompletedAsync(poller);
        Assert.Equal(1, _stub.Count(BudgetPath));
        _clock.AdvanceSeconds(10);
        await RequestCompletedAsync(poller);
        Assert.Equal(2, _stub.Count(BudgetPath));
    }

    [Fact]
    public async Task Request_completion_never_waits_for_the_poll()
    {
        await using var poller = Poller(Budget());
        SetBudget(1, 1);
        _stub.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        poller.OnRequestCompleted(Upstream, Upstream, _upstreamToken);
        poller.OnRequestCompleted(Upstream, Upstream, _upstreamToken);
        Assert.Empty(_marks);

        _stub.Hold.SetResult();
        await poller.WhenIdleAsync();
        Assert.Equal([(Upstream, true)], _marks);
        Assert.Equal(1, _stub.Count(BudgetPath));
    }

    [Fact]
    public async Task Token_env_wins_over_the_upstream_token_when_set()
    {
        var provider = Budget();
        provider.TokenEnv = "PACKY_TOKEN";
        SetBudget(100, 1);
        await using var poller = Poller(provider);

        _env["PACKY_TOKEN"] = "from-env";
        await PollAgainAsync(poller);
        _env["PACKY_TOKEN"] = "";
        await PollAgainAsync(poller);

        Assert.Equal(["Bearer from-env", $"Bearer {Token}"], _stub.Seen.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Without_any_token_nothing_is_requested()
    {
        _upstreamToken = null;
        await using var poller = Poller(Budget());
        await PollAgainAsync(poller);
        await PollAgainAsync(poller);
        Assert.Empty(_stub.Seen);
        Assert.Contains("no token", Assert.Single(_warnings));
        Assert.Empty(_marks);
    }

    [Fact]
    public async Task Any_provider_saying_exhausted_keeps_the_upstream_marked()
    {
        var yes = new UsageProvider { Id = "yes", Kind = UsageProviderKinds.YescodeProfile, Domains = ["127.0.0.1"], Endpoint = _stub.BaseUrl + YesPath };
        await using var poller = Poller(Budget(), yes);
        SetBudget(100, 100);
        _stub.Answer(YesPath, """{"subscription_balance": 5, "pay_as_you_go_balance": 0}""");
        await PollAgainAsync(poller);
        Assert.Equal((Upstream, true), _marks.Last());

        SetBudget(100, 1);
        await PollAgainAsync(poller);
        Assert.Equal((Upstream, false), _marks.Last());
    }

    /// <summary>
    /// The race behind the flaky test above: the yes provider answers first and its "not exhausted" is being handed
    /// to mark when the budget provider's "spent" comes in. The newer verdict must be the last one marked.
    /// The answers come from a handler rather than the stub server: holding the first mark blocks the thread that
    /// delivers it, and in-process that can be a thread Kestrel's I/O queue needs to send the second answer.
    /// </summary>
    [Fact]
    public async Task A_verdict_handed_over_late_never_overwrites_a_newer_one()
    {
        var budgetAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var http = new HttpClient(new AnsweringHandler(path => path == BudgetPath
            ? (budgetAnswer.Task, """{"monthly_budget_usd": 100, "monthly_spent_usd": 100}""")
            : (Task.CompletedTask, """{"subscription_balance": 5, "pay_as_you_go_balance": 0}""")));
        var yes = new UsageProvider { Id = "yes", Kind = UsageProviderKinds.YescodeProfile, Domains = ["127.0.0.1"], Endpoint = _stub.BaseUrl + YesPath };
        var firstMark = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var endFirstMark = new ManualResetEventSlim();
        var marks = new ConcurrentQueue<bool>();
        void Mark(string url, bool exhausted)
        {
            if (firstMark.TrySetResult())
            {
                // A guard, not a timing: the test releases it as soon as the second verdict is in.
                endFirstMark.Wait(TimeSpan.FromSeconds(30));
            }

            marks.Enqueue(exhausted);
        }

        var file = UsageProvidersFile.Parse("usage_providers.json",
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new UsageProvidersDocument { Providers = [Budget(), yes] }, QuotaJsonContext.Default.UsageProvidersDocument));
        await using var poller = new QuotaPoller(file, http, _clock, Mark, _warnings.Enqueue, minIntervalSecs: 20, getEnv: name => _env.GetValueOrDefault(name));
        // From the thread pool, as in the proxy (not xunit's one-thread-per-core SynchronizationContext).
        await Task.Run(() => poller.OnRequestCompleted(Upstream, Upstream, _upstreamToken));

        await firstMark.Task;
        Assert.Equal(5d, poller.BalanceOf(Upstream)); // the first verdict is yes's "not exhausted"
        budgetAnswer.SetResult();
        await Eventually.True(() => poller.BalanceOf(Upstream) == 0); // the budget provider's "spent" is recorded
        endFirstMark.Set();
        await poller.WhenIdleAsync();

        Assert.Equal([false, true], marks);
        Assert.Empty(_warnings);
    }

    /// <summary>Answers each path with its JSON once the path's task completes.</summary>
    private sealed class AnsweringHandler(Func<string, (Task Ready, string Json)> answer) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (ready, json) = answer(request.RequestUri!.AbsolutePath);
            await ready.WaitAsync(cancellationToken);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        }
    }

    [Fact]
    public async Task A_broken_file_disables_polling_with_one_warning()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("usage_providers.json", "{\"providers\": [\n  {\"id\": 1}\n]}");
        await using var poller = Poller(UsageProvidersFile.LoadOrProblem(path));
        await RequestCompletedAsync(poller);
        await PollAgainAsync(poller);

        var warning = Assert.Single(_warnings);
        Assert.Contains($"{path}:2:", warning);
        Assert.Empty(_stub.Seen);
    }

    [Fact]
    public async Task Disposing_cancels_a_poll_in_flight_without_a_verdict()
    {
        var poller = Poller(Budget());
        SetBudget(1, 1);
        _stub.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        poller.OnRequestCompleted(Upstream, Upstream, _upstreamToken);
        while (_stub.Seen.IsEmpty)
        {
            await Task.Delay(10);
        }

        await poller.DisposeAsync();
        _stub.Hold.SetResult();
        Assert.Empty(_marks);
        Assert.Empty(_warnings);
        poller.OnRequestCompleted(Upstream, Upstream, _upstreamToken);
        Assert.Single(_stub.Seen);
    }
}

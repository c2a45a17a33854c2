using System.Diagnostics;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Hosting;
using CodexHelper.Proxy.Judging;
using CodexHelper.Routing;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

public class AttemptLedgerTests
{
    private static (RoutePlan Plan, IReadOnlyList<RoutedUpstream> Upstreams) Plan(params string[] urls)
    {
        var router = new UpstreamRouter(new ManualClock());
        var table = router.Configure("main", [.. urls.Select(u => new UpstreamConfig { BaseUrl = u })], new RoutingOptions());
        return (router.Plan(table), table.Upstreams);
    }

    [Fact]
    public void One_write_per_attempt_feeds_the_log_the_failure_line_and_the_failover_count()
    {
        var (plan, u) = Plan("http://skip.example", "http://down.example", "http://up.example");
        using var _ = plan;
        var ledger = new AttemptLedger(plan, capture: null);
        var now = Stopwatch.GetTimestamp();

        ledger.Write(new AttemptRecord(u[0], AttemptKind.Skipped, new AttemptResult(AttemptOutcome.NeutralStatus, null, "skipped: serves only a, not b"), now));
        ledger.Write(new AttemptRecord(u[1], AttemptKind.Failed, new AttemptResult(AttemptOutcome.ConnectFailed, null, "connection refused"), now));
        ledger.Write(new AttemptRecord(u[2], AttemptKind.Answered, new AttemptResult(AttemptOutcome.Success, 200), now));

        var logged = ledger.Logged!;
        Assert.Equal(["http://skip.example", "http://down.example", "http://up.example"], logged.Select(a => a.UpstreamBaseUrl));
        Assert.Equal([null, null, 200], logged.Select(a => a.StatusCode));
        Assert.Equal("all 2 upstreams failed: skip.example: skipped: serves only a, not b; down.example: connection refused", ledger.Failures.ToString());
        Assert.Equal(1, ledger.FailedAttempts);
        Assert.True(ledger.FailedOverTo(u[2]));
        Assert.Same(u[1], ledger.LastHandedOut);
    }

    [Fact]
    public void A_lone_answer_logs_no_attempts_and_is_no_failover()
    {
        var (plan, u) = Plan("http://up.example");
        using var _ = plan;
        var ledger = new AttemptLedger(plan, capture: null);

        ledger.Write(new AttemptRecord(u[0], AttemptKind.Answered, new AttemptResult(AttemptOutcome.Success, 200), Stopwatch.GetTimestamp()));

        Assert.Null(ledger.Logged);
        Assert.False(ledger.FailedOverTo(u[0]));
    }

    [Fact]
    public void Two_upstreams_on_one_base_url_are_two_upstreams_for_the_failover_count()
    {
        var (plan, u) = Plan("http://relay.example", "http://relay.example");
        using var _ = plan;
        var ledger = new AttemptLedger(plan, capture: null);
        var now = Stopwatch.GetTimestamp();

        ledger.Write(new AttemptRecord(u[0], AttemptKind.Failed, new AttemptResult(AttemptOutcome.FailoverStatus, 401, "HTTP 401"), now));
        ledger.Write(new AttemptRecord(u[1], AttemptKind.Answered, new AttemptResult(AttemptOutcome.Success, 200), now));

        Assert.True(ledger.FailedOverTo(u[1]));
        Assert.False(ledger.FailedOverTo(u[0]));
    }

    [Fact]
    public void Only_the_endpoint_finishes_a_request_and_only_the_ledger_records_attempts_to_the_plan()
    {
        var src = Path.Combine(ShellScript.RepoRoot, "src", "CodexHelper");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Name: Path.GetRelativePath(src, f), Text: File.ReadAllText(f)))
            .ToList();

        Assert.Equal(["Proxy/Hosting/ProxyEndpoint.cs"], files.Where(f => f.Text.Contains("record.Finish(", StringComparison.Ordinal)).Select(f => f.Name));
        Assert.Equal(["Proxy/Judging/AttemptLedger.cs"], files.Where(f => f.Text.Contains("plan.Record(", StringComparison.Ordinal) || f.Text.Contains("plan.Skip(", StringComparison.Ordinal)).Select(f => f.Name));
    }
}

using CodexHelper.Tests.Support;
using CodexHelper.Configuration;
using CodexHelper.Routing;

namespace CodexHelper.Tests.Routing;

public class UpstreamRouterTests
{
    private const string A = "https://a.example/v1";
    private const string B = "https://b.example/v1";
    private const string C = "https://c.example/v1";
    private const string D = "https://d.example/v1";

    private readonly ManualClock _clock = new();

    private UpstreamRouter Router(params string[] urls) => Router(new RoutingOptions(), urls);

    private UpstreamRouter Router(RoutingOptions options, params string[] urls)
    {
        var router = new UpstreamRouter(options, _clock);
        router.Configure("main", urls, options);
        return router;
    }

    private static int[] Order(UpstreamRouter router)
    {
        using var plan = router.Plan();
        return [.. plan.Candidates];
    }

    private static void Fail(UpstreamRouter router, int index, int times = 1, int status = 502)
    {
        for (var i = 0; i < times; i++)
        {
            router.ReportFailure(index, status, "bad gateway", null);
        }
    }

    private static UpstreamStatus Status(UpstreamRouter router, int index) => router.Snapshot()[index];

    [Fact]
    public void Fresh_router_tries_every_upstream_in_priority_order()
    {
        var router = Router(A, B, C);
        Assert.Equal([0, 1, 2], Order(router));
        Assert.Equal("main", router.ConfigName);
        Assert.All(router.Snapshot(), s => Assert.Equal("ok", s.State));
    }

    [Fact]
    public void No_upstreams_means_an_empty_plan()
    {
        var router = Router();
        using var plan = router.Plan();
        Assert.Empty(plan.Candidates);
        Assert.False(plan.IsFallback);
    }

    [Fact]
    public void Failures_below_the_threshold_keep_the_upstream_in_front()
    {
        var router = Router(A, B, C);
        Fail(router, 0, times: 2);
        Assert.Equal([0, 1, 2], Order(router));
        Assert.Equal("ok", Status(router, 0).State);
        Assert.Equal(2, Status(router, 0).ConsecutiveFailures);
    }

    [Fact]
    public void Reaching_the_threshold_starts_the_cooldown()
    {
        var router = Router(A, B, C);
        Fail(router, 0, times: 3);
        Assert.Equal([1, 2], Order(router));
        var s = Status(router, 0);
        Assert.Equal("cooling_down", s.State);
        Assert.Equal(30, s.CooldownRemainingS);
    }

    [Fact]
    public void The_threshold_and_cooldown_come_from_the_options()
    {
        var router = Router(new RoutingOptions { FailureThreshold = 1, CooldownSecs = 5 }, A, B);
        Fail(router, 0);
        Assert.Equal([1], Order(router));
        Assert.Equal(5, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void A_success_resets_the_consecutive_count()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 2);
        router.ReportSuccess(0, 200);
        Fail(router, 0, times: 2);
        Assert.Equal([0, 1], Order(router));
        Assert.Equal(2, Status(router, 0).ConsecutiveFailures);
        Assert.Equal(4, Status(router, 0).Failures);
    }

    [Fact]
    public void Cooldown_counts_down_with_the_clock_and_ends_half_open()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(20);
        Assert.Equal("cooling_down", Status(router, 0).State);
        Assert.Equal(10, Status(router, 0).CooldownRemainingS);
        Assert.Equal([1], Order(router));

        _clock.AdvanceSeconds(10);
        Assert.Equal("half_open", Status(router, 0).State);
        Assert.Equal(0, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void Half_open_upstream_gets_exactly_one_probe_at_a_time()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using var probe = router.Plan();
        Assert.Equal([0, 1], probe.Candidates);
        Assert.Equal([0], probe.Probes);

        using var other = router.Plan();
        Assert.Equal([1], other.Candidates);
        Assert.Empty(other.Probes);
    }

    [Fact]
    public void Disposing_a_plan_frees_an_unused_probe_slot()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        var probe = router.Plan();
        Assert.Equal([1], Order(router));
        probe.Dispose();

        using var next = router.Plan();
        Assert.Equal([0], next.Probes);
        Assert.Equal("half_open", Status(router, 0).State);
    }

    [Fact]
    public void A_stale_plan_does_not_free_a_later_plans_probe()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        var first = router.Plan();
        first.ReportAbandoned(0);
        using var second = router.Plan();
        Assert.Equal([0], second.Probes);
        first.Dispose();
        Assert.Equal([1], Order(router));
    }

    [Fact]
    public void Probe_success_closes_the_breaker()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using (var probe = router.Plan())
        {
            probe.ReportSuccess(0, 200);
        }

        var s = Status(router, 0);
        Assert.Equal("ok", s.State);
        Assert.Equal(0, s.ConsecutiveFailures);
        Assert.Equal([0, 1], Order(router));
        Assert.Equal([0, 1], Order(router));
    }

    [Fact]
    public void Probe_failure_starts_a_new_cooldown_at_once()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using (var probe = router.Plan())
        {
            probe.ReportFailure(0, 503, "unavailable", null);
        }

        var s = Status(router, 0);
        Assert.Equal("cooling_down", s.State);
        Assert.Equal(30, s.CooldownRemainingS);
        Assert.Equal([1], Order(router));
    }

    [Fact]
    public void Abandoned_probe_frees_the_slot_without_changing_health()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using (var probe = router.Plan())
        {
            probe.ReportAbandoned(0);
            Assert.Equal("half_open", Status(router, 0).State);
            using var next = router.Plan();
            Assert.Equal([0], next.Probes);
        }

        Assert.Equal(3, Status(router, 0).ConsecutiveFailures);
    }

    [Fact]
    public void Neutral_answer_to_a_probe_frees_the_slot_and_stays_half_open()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using var probe = router.Plan();
        probe.ReportNeutral(0, 400);
        Assert.Equal("half_open", Status(router, 0).State);
        using var next = router.Plan();
        Assert.Equal([0], next.Probes);
    }

    [Fact]
    public void Last_good_upstream_is_tried_first()
    {
        var router = Router(A, B, C);
        router.ReportSuccess(2);
        Assert.Equal([2, 0, 1], Order(router));
    }

    [Fact]
    public void Sticky_choice_keeps_traffic_off_a_recovering_primary()
    {
        var router = Router(A, B, C);
        Fail(router, 0, times: 3);
        using (var plan = router.Plan())
        {
            Assert.Equal([1, 2], plan.Candidates);
            plan.ReportSuccess(1, 200);
        }

        _clock.AdvanceSeconds(30);
        using var next = router.Plan();
        Assert.Equal([1, 0, 2], next.Candidates);
        Assert.Equal([0], next.Probes);
    }

    [Fact]
    public void Sticky_upstream_that_cools_down_loses_its_place()
    {
        var router = Router(A, B, C);
        router.ReportSuccess(1);
        Fail(router, 1, times: 3);
        Assert.Equal([0, 2], Order(router));
    }

    [Fact]
    public void Sticky_upstream_that_is_exhausted_goes_last()
    {
        var router = Router(A, B, C);
        router.ReportSuccess(1);
        router.SetExhausted(B, true);
        Assert.Equal([0, 2, 1], Order(router));
    }

    [Fact]
    public void When_every_upstream_is_down_all_are_offered_in_priority_order()
    {
        var router = Router(A, B, C);
        router.ReportSuccess(2);
        Fail(router, 0, times: 3);
        Fail(router, 1, times: 3);
        Fail(router, 2, times: 3);

        using var plan = router.Plan();
        Assert.True(plan.IsFallback);
        Assert.Equal([0, 1, 2], plan.Candidates);
        Assert.Empty(plan.Probes);
    }

    [Fact]
    public void A_single_upstream_is_always_tried()
    {
        var router = Router(A);
        Fail(router, 0, times: 3);
        Assert.Equal([0], Order(router));
        _clock.AdvanceSeconds(30);
        using var probe = router.Plan();
        Assert.Equal([0], probe.Candidates);
        using var second = router.Plan();
        Assert.True(second.IsFallback);
        Assert.Equal([0], second.Candidates);
    }

    [Fact]
    public void Exhausted_upstream_is_avoided_until_cleared()
    {
        var router = Router(A, B, C);
        router.SetExhausted(A, true);
        Assert.Equal([1, 2, 0], Order(router));
        Assert.Equal("exhausted", Status(router, 0).State);

        router.SetExhausted(A, false);
        Assert.Equal([0, 1, 2], Order(router));
        Assert.Equal("ok", Status(router, 0).State);
    }

    [Fact]
    public void Exhausted_upstream_is_used_when_nothing_else_is_available()
    {
        var router = Router(A, B, C);
        router.SetExhausted(A, true);
        Fail(router, 1, times: 3);
        Fail(router, 2, times: 3);
        using var plan = router.Plan();
        Assert.Equal([0], plan.Candidates);
        Assert.False(plan.IsFallback);
    }

    [Fact]
    public void Exhaustion_marks_for_unknown_upstreams_are_ignored()
    {
        var router = Router(A, B);
        router.SetExhausted(C, true);
        Assert.Equal([0, 1], Order(router));
    }

    [Fact]
    public void Cooling_down_is_reported_before_exhausted()
    {
        var router = Router(A, B);
        router.SetExhausted(A, true);
        Fail(router, 0, times: 3);
        Assert.Equal("cooling_down", Status(router, 0).State);
        _clock.AdvanceSeconds(31);
        Assert.Equal("half_open", Status(router, 0).State);
        router.ReportSuccess(0);
        Assert.Equal("exhausted", Status(router, 0).State);
    }

    [Fact]
    public void Retry_after_cools_down_at_once_for_that_long()
    {
        var router = Router(A, B);
        router.ReportFailure(0, 429, "rate limited", TimeSpan.FromSeconds(90));
        Assert.Equal("cooling_down", Status(router, 0).State);
        Assert.Equal(90, Status(router, 0).CooldownRemainingS);
        Assert.Equal(1, Status(router, 0).ConsecutiveFailures);
        Assert.Equal([1], Order(router));

        _clock.AdvanceSeconds(60);
        Assert.Equal([1], Order(router));
        _clock.AdvanceSeconds(30);
        Assert.Equal("half_open", Status(router, 0).State);
    }

    [Fact]
    public void Cooldown_is_the_longer_of_retry_after_and_the_configured_one()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 2);
        router.ReportFailure(0, 429, "rate limited", TimeSpan.FromSeconds(5));
        Assert.Equal(30, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void A_shorter_retry_after_never_shortens_a_running_cooldown()
    {
        var router = Router(A, B);
        router.ReportFailure(0, 429, "rate limited", TimeSpan.FromSeconds(120));
        router.ReportFailure(0, 429, "rate limited", TimeSpan.FromSeconds(10));
        Assert.Equal(120, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void Zero_retry_after_only_counts_as_a_failure()
    {
        var router = Router(A, B);
        router.ReportFailure(0, 429, "rate limited", TimeSpan.Zero);
        Assert.Equal("ok", Status(router, 0).State);
        Assert.Equal([0, 1], Order(router));
    }

    [Fact]
    public void Neutral_client_errors_count_requests_but_not_failures()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 2);
        for (var i = 0; i < 5; i++)
        {
            router.ReportNeutral(0, 404);
        }

        var s = Status(router, 0);
        Assert.Equal("ok", s.State);
        Assert.Equal(2, s.ConsecutiveFailures);
        Assert.Equal(7, s.Requests);
        Assert.Equal(2, s.Failures);
        Assert.Equal(404, s.LastStatus);

        Fail(router, 0);
        Assert.Equal("cooling_down", Status(router, 0).State);
    }

    [Fact]
    public void Reload_keeps_health_of_remaining_upstreams_and_forgets_removed_ones()
    {
        var router = Router(A, B, C);
        Fail(router, 0, times: 3);
        Fail(router, 1, times: 2);
        router.SetExhausted(C, true);

        router.Configure("main", [C, A, D], new RoutingOptions());
        var snap = router.Snapshot();
        Assert.Equal([C, A, D], snap.Select(s => s.BaseUrl));
        Assert.Equal("exhausted", snap[0].State);
        Assert.Equal("cooling_down", snap[1].State);
        Assert.Equal(3, snap[1].Failures);
        Assert.Equal("ok", snap[2].State);
        Assert.Equal(0, snap[2].Requests);
        Assert.Equal([2, 0], Order(router));

        router.Configure("main", [A, B], new RoutingOptions());
        Assert.Equal(0, Status(router, 1).Failures);
        Assert.Equal(0, Status(router, 1).ConsecutiveFailures);
    }

    [Fact]
    public void Reload_resets_stickiness_when_the_sticky_upstream_is_gone()
    {
        var router = Router(A, B, C);
        router.ReportSuccess(1);
        router.Configure("main", [A, C], new RoutingOptions());
        Assert.Equal([0, 1], Order(router));
        router.Configure("main", [A, B, C], new RoutingOptions());
        Assert.Equal([0, 1, 2], Order(router));
    }

    [Fact]
    public void Reload_of_the_same_config_keeps_a_remaining_sticky_upstream()
    {
        var router = Router(A, B, C);
        router.ReportSuccess(1);
        router.Configure("main", [D, A, B], new RoutingOptions());
        Assert.Equal([2, 0, 1], Order(router));
    }

    [Fact]
    public void Switching_to_another_config_starts_from_its_primary()
    {
        var router = Router(A, B, C);
        router.ReportSuccess(1);
        router.Configure("other", [A, B], new RoutingOptions());
        Assert.Equal("other", router.ConfigName);
        Assert.Equal([0, 1], Order(router));
    }

    [Fact]
    public void Reload_applies_new_options()
    {
        var router = Router(A, B);
        router.Configure("main", [A, B], new RoutingOptions { FailureThreshold = 1, CooldownSecs = 10 });
        Fail(router, 0);
        Assert.Equal("cooling_down", Status(router, 0).State);
        Assert.Equal(10, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void Plan_reports_credit_the_planned_upstream_across_a_reload()
    {
        var router = Router(A, B);
        using var plan = router.Plan();
        Assert.Equal([A, B], plan.BaseUrls);
        router.Configure("main", [B, A], new RoutingOptions());

        plan.ReportFailure(0, 500, "boom", null);
        Assert.Equal(0, Status(router, 0).Failures);
        Assert.Equal(1, Status(router, 1).Failures);
        Assert.Equal("boom", Status(router, 1).LastError);
    }

    [Fact]
    public void Plan_reports_for_a_removed_upstream_change_nothing_visible()
    {
        var router = Router(A, B);
        using var plan = router.Plan();
        router.Configure("main", [B], new RoutingOptions());
        plan.ReportSuccess(0, 200);
        Assert.Equal([B], router.Snapshot().Select(s => s.BaseUrl));
        Assert.Equal(0, Status(router, 0).Requests);
        Assert.Equal([0], Order(router));
    }

    [Fact]
    public void Snapshot_carries_counters_last_error_status_and_time()
    {
        var router = Router(A, B);
        var t0 = _clock.GetUtcNow();
        router.ReportSuccess(0, 200);
        _clock.AdvanceSeconds(5);
        router.ReportFailure(0, 502, "upstream said 502 Bad Gateway", null);

        var s = Status(router, 0);
        Assert.Equal(A, s.BaseUrl);
        Assert.Equal(2, s.Requests);
        Assert.Equal(1, s.Failures);
        Assert.Equal(1, s.ConsecutiveFailures);
        Assert.Equal(502, s.LastStatus);
        Assert.Equal("upstream said 502 Bad Gateway", s.LastError);
        Assert.Equal(t0.AddSeconds(5), s.LastUsed);

        var unused = Status(router, 1);
        Assert.Null(unused.LastUsed);
        Assert.Null(unused.LastError);
        Assert.Null(unused.LastStatus);
        Assert.Equal(0, unused.Requests);
    }

    [Fact]
    public void Transport_errors_have_no_status()
    {
        var router = Router(A);
        router.ReportFailure(0, null, "connection refused", null);
        Assert.Null(Status(router, 0).LastStatus);
        Assert.Equal("connection refused", Status(router, 0).LastError);
    }

    [Fact]
    public void Out_of_range_indices_are_ignored_by_the_router_and_rejected_by_a_plan()
    {
        var router = Router(A);
        router.ReportFailure(5, 500, "x", null);
        router.ReportSuccess(-1);
        Assert.Equal(0, Status(router, 0).Requests);
        using var plan = router.Plan();
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ReportSuccess(3));
    }

    [Fact]
    public void Duplicate_base_urls_share_one_health()
    {
        var router = Router(A, A, B);
        Fail(router, 0, times: 3);
        Assert.Equal("cooling_down", Status(router, 1).State);
        Assert.Equal([2], Order(router));
    }

    [Fact]
    public void Concurrent_plans_hand_out_a_single_probe()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        var plans = new RoutePlan[64];
        Parallel.For(0, plans.Length, i => plans[i] = router.Plan());
        Assert.Equal(1, plans.Count(p => p.Candidates.Contains(0)));
        Assert.All(plans, p => Assert.Contains(1, p.Candidates));
        foreach (var p in plans)
        {
            p.Dispose();
        }
    }
}

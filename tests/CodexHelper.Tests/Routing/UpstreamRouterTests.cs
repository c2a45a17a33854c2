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

    private static readonly AttemptResult BadGateway = new(AttemptOutcome.FailoverStatus, 502, "bad gateway");
    private static readonly AttemptResult Ok = new(AttemptOutcome.Success, 200);

    private readonly ManualClock _clock = new();

    private UpstreamRouter Router(params string[] urls) => Router(new RoutingOptions(), urls);

    private UpstreamRouter Router(RoutingOptions options, params string[] urls)
    {
        var router = new UpstreamRouter(_clock);
        Configure(router, "main", options, urls);
        return router;
    }

    private static RouteTable Configure(UpstreamRouter router, string name, RoutingOptions options, params string[] urls) =>
        router.Configure(name, [.. urls.Select(u => new UpstreamConfig { BaseUrl = u })], options);

    /// <summary>Every upstream a request would try, in order, if each attempt failed.</summary>
    private static int[] Order(UpstreamRouter router)
    {
        using var plan = router.Plan();
        return Drain(plan);
    }

    private static int[] Drain(RoutePlan plan)
    {
        var order = new List<int>();
        while (plan.Next() is { } u)
        {
            order.Add(u.Priority);
        }

        return [.. order];
    }

    private static void Record(UpstreamRouter router, int index, AttemptResult result)
    {
        using var plan = router.Plan();
        plan.Record(router.Table.Upstreams[index], result);
    }

    private static void Fail(UpstreamRouter router, int index, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Record(router, index, BadGateway);
        }
    }

    private static void Succeed(UpstreamRouter router, int index) => Record(router, index, Ok);

    private static UpstreamStatus Status(UpstreamRouter router, int index) => router.Snapshot()[index];

    [Fact]
    public void Fresh_router_tries_every_upstream_in_priority_order()
    {
        var router = Router(A, B, C);
        Assert.Equal([0, 1, 2], Order(router));
        Assert.Equal("main", router.Table.ConfigName);
        Assert.All(router.Snapshot(), s => Assert.Equal("ok", s.State));
    }

    [Fact]
    public void No_upstreams_means_nothing_to_try()
    {
        var router = Router();
        using var plan = router.Plan();
        Assert.Null(plan.Next());
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
        Assert.Equal([1, 2, 0], Order(router));
        var s = Status(router, 0);
        Assert.Equal("cooling_down", s.State);
        Assert.Equal(30, s.CooldownRemainingS);
    }

    [Fact]
    public void The_threshold_and_cooldown_come_from_the_options()
    {
        var router = Router(new RoutingOptions { FailureThreshold = 1, CooldownSecs = 5 }, A, B);
        Fail(router, 0);
        Assert.Equal([1, 0], Order(router));
        Assert.Equal(5, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void A_success_resets_the_consecutive_count()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 2);
        Succeed(router, 0);
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
        Assert.Equal([1, 0], Order(router));

        _clock.AdvanceSeconds(10);
        Assert.Equal("half_open", Status(router, 0).State);
        Assert.Equal(0, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void The_probe_slot_is_taken_by_the_attempt_that_goes_there_not_by_planning()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using var planned = router.Plan();
        using var other = router.Plan();
        Assert.Equal(0, other.Next()!.Priority); // the first plan made has not taken the slot
        Assert.Equal(1, planned.Next()!.Priority); // the probe is out: the half-open upstream goes behind B
        Assert.Equal(0, planned.Next()!.Priority); // ... and is still a fallback
    }

    [Fact]
    public void Skipping_a_half_open_upstream_frees_its_probe_slot_at_once()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using var skipping = router.Plan();
        var halfOpen = skipping.Next()!;
        Assert.Equal(0, halfOpen.Priority);
        using (var meanwhile = router.Plan())
        {
            Assert.Equal(1, meanwhile.Next()!.Priority); // the slot is out: B first
        }

        skipping.Skip(halfOpen);
        using var next = router.Plan();
        Assert.Equal(0, next.Next()!.Priority); // free again while the skipping plan still runs
        Assert.Equal("half_open", Status(router, 0).State);
        Assert.Equal(3, Status(router, 0).Requests); // the three failures: a skip is no request
    }

    [Fact]
    public void Disposing_a_plan_frees_a_probe_slot_it_took()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        var probe = router.Plan();
        Assert.Equal(0, probe.Next()!.Priority);
        Assert.Equal([1, 0], Order(router));
        probe.Dispose();

        Assert.Equal([0, 1], Order(router));
        Assert.Equal("half_open", Status(router, 0).State);
    }

    [Fact]
    public void A_neutral_answer_frees_only_its_own_plans_probe()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using var first = router.Plan();
        var a = first.Next()!;
        first.Record(a, new AttemptResult(AttemptOutcome.NeutralStatus, 400));
        Assert.Equal("half_open", Status(router, 0).State);
        using var second = router.Plan();
        Assert.Equal(0, second.Next()!.Priority);
        first.Record(a, new AttemptResult(AttemptOutcome.ClientAborted));
        Assert.Equal([1, 0], Order(router)); // second still holds the probe
        Assert.Equal(3, Status(router, 0).ConsecutiveFailures);
    }

    [Fact]
    public void Probe_success_closes_the_breaker()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using (var probe = router.Plan())
        {
            probe.Record(probe.Next()!, Ok);
        }

        var s = Status(router, 0);
        Assert.Equal("ok", s.State);
        Assert.Equal(0, s.ConsecutiveFailures);
        Assert.Equal([0, 1], Order(router));
    }

    [Fact]
    public void A_failure_while_half_open_starts_a_new_cooldown_at_once()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        using (var probe = router.Plan())
        {
            probe.Record(probe.Next()!, new AttemptResult(AttemptOutcome.FailoverStatus, 503, "unavailable"));
        }

        var s = Status(router, 0);
        Assert.Equal("cooling_down", s.State);
        Assert.Equal(30, s.CooldownRemainingS);
        Assert.Equal([1, 0], Order(router));
    }

    [Fact]
    public void A_recovered_upstream_is_the_fallback_when_the_sticky_one_dies()
    {
        // The scenario: [B, A], B down at start, traffic sticks to A, B recovers (half-open), then A dies.
        var router = Router(new RoutingOptions { FailureThreshold = 1, CooldownSecs = 2 }, B, A);
        using (var start = router.Plan())
        {
            var b = start.Next()!;
            start.Record(b, new AttemptResult(AttemptOutcome.ConnectFailed, null, "connection refused"));
            var a = start.Next()!;
            Assert.Equal(A, a.BaseUrl);
            start.Record(a, Ok);
        }

        _clock.AdvanceSeconds(3);
        Assert.Equal("half_open", Status(router, 0).State);

        // Many requests in flight on A at once; each of them must be able to go to B when A fails.
        var plans = Enumerable.Range(0, 16).Select(_ => router.Plan()).ToArray();
        foreach (var plan in plans)
        {
            Assert.Equal(A, plan.Next()!.BaseUrl);
        }

        foreach (var plan in plans)
        {
            var decision = plan.Record(plan.Table.Upstreams[1], new AttemptResult(AttemptOutcome.ConnectFailed, null, "connection refused"));
            Assert.True(decision.TryNext);
            Assert.Equal(B, plan.Next()?.BaseUrl);
        }

        foreach (var plan in plans)
        {
            plan.Dispose();
        }
    }

    [Fact]
    public void An_upstream_that_recovers_during_a_request_is_tried_by_it()
    {
        var router = Router(new RoutingOptions { FailureThreshold = 1, CooldownSecs = 2 }, A, B);
        Fail(router, 0);
        using var plan = router.Plan();
        var b = plan.Next()!;
        Assert.Equal(B, b.BaseUrl);
        _clock.AdvanceSeconds(3);
        plan.Record(b, BadGateway);
        Assert.Equal(A, plan.Next()?.BaseUrl);
    }

    [Fact]
    public void Upstreams_cooling_down_are_the_last_resort()
    {
        var router = Router(A, B, C);
        Fail(router, 0, times: 3);
        using var plan = router.Plan();
        Assert.Equal([1, 2, 0], Drain(plan));
        Assert.False(plan.IsFallback);
    }

    [Fact]
    public void Last_good_upstream_is_tried_first()
    {
        var router = Router(A, B, C);
        Succeed(router, 2);
        Assert.Equal([2, 0, 1], Order(router));
    }

    [Fact]
    public void Sticky_choice_keeps_traffic_off_a_recovering_primary()
    {
        var router = Router(A, B, C);
        Fail(router, 0, times: 3);
        using (var plan = router.Plan())
        {
            var first = plan.Next()!;
            Assert.Equal(1, first.Priority);
            plan.Record(first, Ok);
        }

        _clock.AdvanceSeconds(30);
        Assert.Equal([1, 0, 2], Order(router));
    }

    [Fact]
    public void Sticky_upstream_that_cools_down_loses_its_place()
    {
        var router = Router(A, B, C);
        Succeed(router, 1);
        Fail(router, 1, times: 3);
        Assert.Equal([0, 2, 1], Order(router));
    }

    [Fact]
    public void Sticky_upstream_that_is_exhausted_goes_last()
    {
        var router = Router(A, B, C);
        Succeed(router, 1);
        router.SetExhausted(B, true);
        Assert.Equal([0, 2, 1], Order(router));
    }

    [Fact]
    public void When_every_upstream_is_down_all_are_offered_in_priority_order()
    {
        var router = Router(A, B, C);
        Succeed(router, 2);
        Fail(router, 0, times: 3);
        Fail(router, 1, times: 3);
        Fail(router, 2, times: 3);

        using var plan = router.Plan();
        Assert.Equal([0, 1, 2], Drain(plan));
        Assert.True(plan.IsFallback);
    }

    [Fact]
    public void A_single_upstream_is_always_tried()
    {
        var router = Router(A);
        Fail(router, 0, times: 3);
        Assert.Equal([0], Order(router));
        _clock.AdvanceSeconds(30);
        using var probe = router.Plan();
        Assert.Equal(0, probe.Next()!.Priority);
        Assert.Equal([0], Order(router));
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
        Assert.Equal([0, 1, 2], Drain(plan));
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
        Succeed(router, 0);
        Assert.Equal("exhausted", Status(router, 0).State);
    }

    [Fact]
    public void Retry_after_cools_down_at_once_for_that_long()
    {
        var router = Router(A, B);
        Record(router, 0, new AttemptResult(AttemptOutcome.FailoverStatus, 429, "rate limited", TimeSpan.FromSeconds(90)));
        Assert.Equal("cooling_down", Status(router, 0).State);
        Assert.Equal(90, Status(router, 0).CooldownRemainingS);
        Assert.Equal(1, Status(router, 0).ConsecutiveFailures);
        Assert.Equal([1, 0], Order(router));

        _clock.AdvanceSeconds(60);
        Assert.Equal([1, 0], Order(router));
        _clock.AdvanceSeconds(30);
        Assert.Equal("half_open", Status(router, 0).State);
    }

    [Fact]
    public void Cooldown_is_the_longer_of_retry_after_and_the_configured_one()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 2);
        Record(router, 0, new AttemptResult(AttemptOutcome.FailoverStatus, 429, "rate limited", TimeSpan.FromSeconds(5)));
        Assert.Equal(30, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void A_shorter_retry_after_never_shortens_a_running_cooldown()
    {
        var router = Router(A, B);
        Record(router, 0, new AttemptResult(AttemptOutcome.FailoverStatus, 429, "rate limited", TimeSpan.FromSeconds(120)));
        Record(router, 0, new AttemptResult(AttemptOutcome.FailoverStatus, 429, "rate limited", TimeSpan.FromSeconds(10)));
        Assert.Equal(120, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void Zero_retry_after_only_counts_as_a_failure()
    {
        var router = Router(A, B);
        Record(router, 0, new AttemptResult(AttemptOutcome.FailoverStatus, 429, "rate limited", TimeSpan.Zero));
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
            Record(router, 0, new AttemptResult(AttemptOutcome.NeutralStatus, 404));
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
    public void A_broken_stream_counts_once_as_a_failure()
    {
        var router = Router(A, B);
        using var plan = router.Plan();
        var decision = plan.Record(plan.Next()!, new AttemptResult(FailoverDecision.AfterRelay(AttemptOutcome.FailoverStatus, RelayEnd.UpstreamBroke), 503, "upstream stream broke off"));
        Assert.False(decision.TryNext);
        Assert.Equal(1, Status(router, 0).Requests);
        Assert.Equal(1, Status(router, 0).Failures);
    }

    [Fact]
    public void Reload_keeps_health_of_remaining_upstreams_and_forgets_removed_ones()
    {
        var router = Router(A, B, C);
        Fail(router, 0, times: 3);
        Fail(router, 1, times: 2);
        router.SetExhausted(C, true);

        Configure(router, "main", new RoutingOptions(), C, A, D);
        var snap = router.Snapshot();
        Assert.Equal([C, A, D], snap.Select(s => s.BaseUrl));
        Assert.Equal("exhausted", snap[0].State);
        Assert.Equal("cooling_down", snap[1].State);
        Assert.Equal(3, snap[1].Failures);
        Assert.Equal("ok", snap[2].State);
        Assert.Equal(0, snap[2].Requests);
        Assert.Equal([2, 0, 1], Order(router));

        Configure(router, "main", new RoutingOptions(), A, B);
        Assert.Equal(0, Status(router, 1).Failures);
        Assert.Equal(0, Status(router, 1).ConsecutiveFailures);
    }

    [Fact]
    public void Reload_resets_stickiness_when_the_sticky_upstream_is_gone()
    {
        var router = Router(A, B, C);
        Succeed(router, 1);
        Configure(router, "main", new RoutingOptions(), A, C);
        Assert.Equal([0, 1], Order(router));
        Configure(router, "main", new RoutingOptions(), A, B, C);
        Assert.Equal([0, 1, 2], Order(router));
    }

    [Fact]
    public void Reload_of_the_same_config_keeps_a_remaining_sticky_upstream()
    {
        var router = Router(A, B, C);
        Succeed(router, 1);
        Configure(router, "main", new RoutingOptions(), D, A, B);
        Assert.Equal([2, 0, 1], Order(router));
    }

    [Fact]
    public void Switching_to_another_config_starts_from_its_primary()
    {
        var router = Router(A, B, C);
        Succeed(router, 1);
        Configure(router, "other", new RoutingOptions(), A, B);
        Assert.Equal("other", router.Table.ConfigName);
        Assert.Equal([0, 1], Order(router));
    }

    [Fact]
    public void Reload_applies_new_options()
    {
        var router = Router(A, B);
        Configure(router, "main", new RoutingOptions { FailureThreshold = 1, CooldownSecs = 10 }, A, B);
        Fail(router, 0);
        Assert.Equal("cooling_down", Status(router, 0).State);
        Assert.Equal(10, Status(router, 0).CooldownRemainingS);
    }

    [Fact]
    public void A_plan_keeps_the_table_it_started_with_across_a_reload()
    {
        var router = Router(A, B);
        using var plan = router.Plan();
        Configure(router, "main", new RoutingOptions(), B, A);

        var first = plan.Next()!;
        Assert.Equal(A, first.BaseUrl);
        plan.Record(first, new AttemptResult(AttemptOutcome.FailoverStatus, 500, "boom"));
        Assert.Equal(0, Status(router, 0).Failures);
        Assert.Equal(1, Status(router, 1).Failures);
        Assert.Equal("boom", Status(router, 1).LastError);
        Assert.Equal(B, plan.Next()!.BaseUrl);
    }

    [Fact]
    public void Records_for_a_removed_upstream_change_nothing_visible()
    {
        var router = Router(A, B);
        using var plan = router.Plan();
        var a = plan.Next()!;
        Configure(router, "main", new RoutingOptions(), B);
        plan.Record(a, Ok);
        Assert.Equal([B], router.Snapshot().Select(s => s.BaseUrl));
        Assert.Equal(0, Status(router, 0).Requests);
        Assert.Equal([0], Order(router));
    }

    [Fact]
    public void Snapshot_carries_counters_last_error_status_and_time()
    {
        var router = Router(A, B);
        var t0 = _clock.GetUtcNow();
        Succeed(router, 0);
        _clock.AdvanceSeconds(5);
        Record(router, 0, new AttemptResult(AttemptOutcome.FailoverStatus, 502, "upstream said 502 Bad Gateway"));

        var s = Status(router, 0);
        Assert.Equal(A, s.BaseUrl);
        Assert.Equal(2, s.Requests);
        Assert.Equal(1, s.Failures);
        Assert.Equal(1, s.ConsecutiveFailures);
        Assert.Equal(502, s.LastStatus);
        Assert.Equal("upstream said 502 Bad Gateway", s.LastError);
        Assert.Equal(t0.AddSeconds(5), s.LastUsed);
        Assert.Null(s.Manual);

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
        Record(router, 0, new AttemptResult(AttemptOutcome.ConnectFailed, null, "connection refused"));
        Assert.Null(Status(router, 0).LastStatus);
        Assert.Equal("connection refused", Status(router, 0).LastError);
    }

    [Fact]
    public void Duplicate_base_urls_share_one_health()
    {
        var router = Router(A, A, B);
        Fail(router, 0, times: 3);
        Assert.Equal("cooling_down", Status(router, 1).State);
        Assert.Equal([2, 0, 1], Order(router));
    }

    [Fact]
    public void Concurrent_first_attempts_take_a_single_probe()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        _clock.AdvanceSeconds(30);

        var plans = new RoutePlan[64];
        var first = new int[plans.Length];
        Parallel.For(0, plans.Length, i =>
        {
            plans[i] = router.Plan();
            first[i] = plans[i].Next()!.Priority;
        });
        Assert.Equal(1, first.Count(p => p == 0));
        foreach (var p in plans)
        {
            p.Dispose();
        }
    }

    [Fact]
    public void A_disabled_upstream_is_not_tried_while_another_is_enabled()
    {
        var router = Router(A, B);
        Assert.True(router.SetDisabled(A, true));
        Assert.Equal([1], Order(router));
        Assert.Equal("disabled", Status(router, 0).Manual);

        Fail(router, 1, times: 3);
        Assert.Equal([1], Order(router)); // B cooling down: the all-down fallback still leaves A out

        Assert.True(router.SetDisabled(A, false));
        Assert.Null(Status(router, 0).Manual);
        Assert.Equal([0, 1], Order(router));
    }

    [Fact]
    public void When_every_upstream_is_disabled_they_are_all_tried()
    {
        var router = Router(A, B);
        router.SetDisabled(A, true);
        router.SetDisabled(B, true);
        Assert.Equal([0, 1], Order(router));
    }

    [Fact]
    public void Manual_overrides_follow_the_base_url_and_ignore_unknown_ones()
    {
        var router = Router(A, B);
        Assert.False(router.SetDisabled(C, true));
        Assert.False(router.ClearCooldown(C));
        router.SetDisabled(B, true);
        Configure(router, "main", new RoutingOptions(), B, C);
        Assert.Equal("disabled", Status(router, 0).Manual);
        Assert.Equal([1], Order(router));
    }

    [Fact]
    public void Clear_cooldown_puts_the_upstream_back_at_once()
    {
        var router = Router(A, B);
        Fail(router, 0, times: 3);
        Assert.Equal([1, 0], Order(router));
        Assert.True(router.ClearCooldown(A));
        var s = Status(router, 0);
        Assert.Equal("ok", s.State);
        Assert.Equal(0, s.ConsecutiveFailures);
        Assert.Equal(3, s.Failures);
        Assert.Equal([0, 1], Order(router));
    }
}

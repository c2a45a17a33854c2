using CodexHelper.Configuration;
using CodexHelper.Routing;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Routing;

/// <summary>Two key groups of one relay (same base_url, other key): one identity each, for health and everything keyed by it (issue 22).</summary>
public class UpstreamIdentityTests
{
    private const string Relay = "https://relay.example/v1";
    private const string Other = "https://other.example/v1";
    private const string KeyA = "sk-group-a-revoked-000000000001";
    private const string KeyB = "sk-group-b-serving-000000000002";

    private static readonly AttemptResult Unauthorized = new(AttemptOutcome.FailoverStatus, 401, "invalid key");
    private static readonly AttemptResult Ok = new(AttemptOutcome.Success, 200);

    private readonly ManualClock _clock = new();

    private static UpstreamConfig Up(string url, string? token = null, string? apiKeyEnv = null) =>
        new() { BaseUrl = url, Auth = new UpstreamAuth { AuthToken = token, ApiKeyEnv = apiKeyEnv } };

    private static RoutingOptions Threshold1 => new() { FailureThreshold = 1, CooldownSecs = 60 };

    private UpstreamRouter Router(params UpstreamConfig[] upstreams)
    {
        var router = new UpstreamRouter(_clock, _ => null);
        router.Configure("main", upstreams, Threshold1);
        return router;
    }

    private static void Record(UpstreamRouter router, int index, AttemptResult result, string? session = null)
    {
        using var plan = router.Plan(session: session);
        plan.Record(router.Table.Upstreams[index], result);
    }

    private static string Served(UpstreamRouter router, string? session = null)
    {
        using var plan = router.Plan(session: session);
        var served = plan.Next()!;
        plan.Record(served, Ok);
        return served.Id;
    }

    [Fact]
    public void A_base_url_no_other_upstream_has_is_its_own_id()
    {
        var router = Router(Up(Relay, KeyA), Up(Other, KeyB));

        Assert.Equal([Relay, Other], router.Table.Upstreams.Select(u => u.Id));
        Assert.All(router.Snapshot(), s => Assert.Null(s.Id));
    }

    [Fact]
    public void Two_upstreams_on_one_base_url_get_the_base_url_and_a_key_fingerprint_never_the_key()
    {
        var router = Router(Up(Relay, KeyA), Up(Relay, KeyB), Up(Other, KeyA));
        var ids = router.Table.Upstreams.Select(u => u.Id).ToArray();

        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(Relay) + "#[0-9a-f]{8}$", ids[0]);
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(Relay) + "#[0-9a-f]{8}$", ids[1]);
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(Other, ids[2]);
        foreach (var id in ids)
        {
            Assert.DoesNotContain(KeyA[..6], id, StringComparison.Ordinal);
            Assert.DoesNotContain(KeyB[..6], id, StringComparison.Ordinal);
        }

        Assert.Equal([ids[0], ids[1], null], router.Snapshot().Select(s => s.Id));
    }

    [Fact]
    public void Keys_read_from_the_environment_make_the_fingerprint()
    {
        var env = new Dictionary<string, string?> { ["KEY_A"] = KeyA, ["KEY_B"] = KeyB };
        var router = new UpstreamRouter(_clock, name => env.GetValueOrDefault(name));
        router.Configure("main", [Up(Relay, apiKeyEnv: "KEY_A"), Up(Relay, apiKeyEnv: "KEY_B")], Threshold1);

        Assert.NotEqual(router.Table.Upstreams[0].Id, router.Table.Upstreams[1].Id);
    }

    [Fact]
    public void Same_base_url_and_same_key_is_one_upstream_for_health()
    {
        var router = Router(Up(Relay, KeyA), Up(Relay, KeyA));

        Record(router, 0, Unauthorized);

        Assert.Equal(router.Table.Upstreams[0].Id, router.Table.Upstreams[1].Id);
        Assert.Same(router.Table.Upstreams[0].Health, router.Table.Upstreams[1].Health);
        Assert.All(router.Snapshot(), s => Assert.Equal("cooling_down", s.State));
    }

    [Fact]
    public void A_revoked_key_cools_down_alone_and_the_next_request_goes_straight_to_the_other_key()
    {
        var router = Router(Up(Relay, KeyA), Up(Relay, KeyB));

        Record(router, 0, Unauthorized);
        Record(router, 1, Ok);

        Assert.Equal(["cooling_down", "ok"], router.Snapshot().Select(s => s.State));
        using var plan = router.Plan();
        Assert.Equal(1, plan.Next()!.Priority);
    }

    [Fact]
    public void Health_carries_over_a_reload_per_identity_even_when_the_id_changes()
    {
        var router = Router(Up(Relay, KeyA), Up(Relay, KeyB));
        Record(router, 0, Unauthorized);
        Record(router, 1, Ok);

        // Reordered: each key keeps its own breaker.
        router.Configure("main", [Up(Relay, KeyB), Up(Relay, KeyA)], Threshold1);
        Assert.Equal(["ok", "cooling_down"], router.Snapshot().Select(s => s.State));

        // B removed: A is alone on the relay, its id is the base_url again, and it is still cooling down.
        router.Configure("main", [Up(Relay, KeyA)], Threshold1);
        var alone = Assert.Single(router.Snapshot());
        Assert.Null(alone.Id);
        Assert.Equal("cooling_down", alone.State);
        Assert.Equal(Relay, router.Table.Upstreams[0].Id);
        Assert.Equal(1, alone.Failures);
    }

    [Fact]
    public void Overrides_and_exhaustion_marks_go_by_id_and_a_shared_base_url_names_neither()
    {
        var router = Router(Up(Relay, KeyA), Up(Relay, KeyB));
        var (a, b) = (router.Table.Upstreams[0].Id, router.Table.Upstreams[1].Id);

        Assert.False(router.SetDisabled(Relay, true));
        Assert.True(router.SetDisabled(a, true));
        router.SetExhausted(b, true);

        var status = router.Snapshot();
        Assert.Equal(["disabled", null], status.Select(s => s.Manual));
        Assert.Equal(["ok", "exhausted"], status.Select(s => s.State));

        Record(router, 0, Unauthorized);
        Assert.True(router.ClearCooldown(a));
        Assert.Equal("ok", router.Snapshot()[0].State);
    }

    [Fact]
    public void A_session_goes_back_to_its_own_key_group_not_to_the_first_on_the_relay()
    {
        var router = Router(Up(Relay, KeyA), Up(Relay, KeyB));
        var (a, b) = (router.Table.Upstreams[0].Id, router.Table.Upstreams[1].Id);
        router.SetDisabled(a, true);
        Assert.Equal(b, Served(router, "session-1"));
        router.SetDisabled(a, false);

        // Keyed by base_url, both would be "home" and A, first in the list, would take the session.
        Assert.Equal(b, Served(router, "session-1"));
        Assert.Equal(0, router.Sessions().Moves);
    }

    [Fact]
    public void Shared_health_sees_each_key_group_once_by_its_id()
    {
        var router = Router(Up(Relay, KeyA), Up(Relay, KeyB), Up(Relay, KeyB));
        var target = new SharedHealthTarget(router);

        Assert.Equal(router.Table.Upstreams.Select(u => u.Id).Distinct(), target.Ids);
        target.Import(router.Table.Upstreams[1].Id, new SharedHealth(3, _clock.GetUtcNow().AddSeconds(30).ToUnixTimeMilliseconds(), false), _clock.GetUtcNow());
        Assert.Equal(["ok", "cooling_down", "cooling_down"], router.Snapshot().Select(s => s.State));
    }
}

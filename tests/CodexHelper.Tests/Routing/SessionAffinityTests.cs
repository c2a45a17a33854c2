using CodexHelper.Configuration;
using CodexHelper.Routing;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Routing;

public class SessionAffinityTests
{
    private const string A = "https://a.example/v1";
    private const string B = "https://b.example/v1";
    private const string Session = "019a-session-1";

    private static readonly AttemptResult BadGateway = new(AttemptOutcome.FailoverStatus, 502, "bad gateway");
    private static readonly AttemptResult Ok = new(AttemptOutcome.Success, 200);

    private readonly ManualClock _clock = new();

    private UpstreamRouter Router(RoutingOptions? options = null)
    {
        var router = new UpstreamRouter(_clock);
        router.Configure("main", [new UpstreamConfig { BaseUrl = A }, new UpstreamConfig { BaseUrl = B }], options ?? new RoutingOptions());
        return router;
    }

    /// <summary>One request: the first upstream it is handed, failing <paramref name="failures"/> of them first; returns who served and why the session moved.</summary>
    private static (string Served, string? Moved) Turn(UpstreamRouter router, string? session, int failures = 0)
    {
        using var plan = router.Plan(session: session);
        for (var i = 0; i < failures; i++)
        {
            plan.Record(plan.Next()!, BadGateway);
        }

        var served = plan.Next()!;
        plan.Record(served, Ok);
        return (served.BaseUrl, plan.SessionMoved);
    }

    private static void TripA(UpstreamRouter router)
    {
        for (var i = 0; i < new RoutingOptions().FailureThreshold; i++)
        {
            using var plan = router.Plan();
            plan.Record(router.Table.Upstreams[0], BadGateway);
        }
    }

    /// <summary>
    /// A goes down and the session moves to B; A recovers: a request of no session, failing once on B (the global
    /// sticky choice), probes A back to health and makes it the sticky choice again.
    /// </summary>
    private UpstreamRouter SessionOnBAfterARecovered()
    {
        var router = Router();
        Assert.Equal((A, null), Turn(router, Session));
        TripA(router);
        Assert.Equal((B, "previous upstream cooling down"), Turn(router, Session));
        _clock.Advance(TimeSpan.FromSeconds(new RoutingOptions().CooldownSecs + 1));
        Assert.Equal(A, Turn(router, null, failures: 1).Served);
        Assert.Equal(A, Turn(router, null).Served);
        return router;
    }

    [Fact]
    public void A_session_stays_on_the_upstream_of_its_last_turn_after_the_primary_recovers()
    {
        var router = SessionOnBAfterARecovered();

        Assert.Equal((A, null), Turn(router, "another-session"));
        Assert.Equal((B, null), Turn(router, Session));
        Assert.Equal((B, null), Turn(router, Session));
        // A session kept on its own upstream does not move the proxy's choice for the others.
        Assert.Equal((A, null), Turn(router, "a-new-session"));
        Assert.Equal(A, Turn(router, null).Served);
    }

    [Fact]
    public void Affinity_is_released_after_the_idle_expiry()
    {
        var router = SessionOnBAfterARecovered();

        _clock.Advance(SessionAffinity.DefaultIdleExpiry + TimeSpan.FromSeconds(1));

        Assert.Equal((A, null), Turn(router, Session));
        Assert.Equal((A, null), Turn(router, Session));
    }

    [Fact]
    public void Affinity_is_released_when_its_upstream_fails_and_the_log_says_why()
    {
        var router = SessionOnBAfterARecovered();

        Assert.Equal((A, "previous upstream failed"), Turn(router, Session, failures: 1));
        Assert.Equal((A, null), Turn(router, Session));
    }

    [Fact]
    public void A_disabled_upstream_releases_its_sessions()
    {
        var router = SessionOnBAfterARecovered();

        Assert.True(router.SetDisabled(B, disabled: true));

        Assert.Equal((A, "previous upstream disabled"), Turn(router, Session));
    }

    [Fact]
    public void Turned_off_every_request_follows_the_priority_order()
    {
        var router = Router(new RoutingOptions { SessionAffinity = false });
        Turn(router, Session);
        TripA(router);
        Assert.Equal((B, null), Turn(router, Session));
        _clock.Advance(TimeSpan.FromSeconds(new RoutingOptions().CooldownSecs + 1));
        Assert.Equal(A, Turn(router, null, failures: 1).Served);

        Assert.Equal((A, null), Turn(router, Session));
    }

    [Fact]
    public void Switching_configs_forgets_every_session()
    {
        var router = SessionOnBAfterARecovered();

        router.Configure("other", [new UpstreamConfig { BaseUrl = A }, new UpstreamConfig { BaseUrl = B }], new RoutingOptions());

        Assert.Equal((A, null), Turn(router, Session));
    }

    [Fact]
    public void The_table_is_bounded_least_recently_served_first_out()
    {
        var table = new SessionAffinity(maxSessions: 2);
        var now = DateTimeOffset.UnixEpoch;
        table.Served("s1", A, now);
        table.Served("s2", B, now);
        table.Served("s1", A, now);
        table.Served("s3", B, now);

        Assert.Equal(A, table.For("s1", now));
        Assert.Null(table.For("s2", now));
        Assert.Equal(B, table.For("s3", now));
    }

    [Fact]
    public void Each_move_is_kept_for_status_with_the_short_session_id_its_way_and_its_reason()
    {
        var router = SessionOnBAfterARecovered();
        Turn(router, Session, failures: 1);

        var sessions = router.Sessions();

        Assert.True(sessions.Affinity);
        Assert.Equal(1, sessions.Pinned);
        Assert.Equal(2, sessions.Moves);
        Assert.Equal(
            [("019a-ses", B, A, "previous upstream failed"), ("019a-ses", A, B, "previous upstream cooling down")],
            sessions.RecentMoves.Select(m => (m.Session, m.From, m.To, m.Reason)));
        Assert.Equal(_clock.GetUtcNow(), sessions.RecentMoves[0].At);
    }

    [Fact]
    public void Sessions_idle_past_the_expiry_no_longer_count_as_pinned()
    {
        var router = Router();
        Turn(router, "s1");
        _clock.Advance(SessionAffinity.DefaultIdleExpiry / 2);
        Turn(router, "s2");
        Assert.Equal(2, router.Sessions().Pinned);

        _clock.Advance((SessionAffinity.DefaultIdleExpiry / 2) + TimeSpan.FromSeconds(1));

        Assert.Equal(1, router.Sessions().Pinned);
        Assert.Equal(0, router.Sessions().Moves);
    }

    [Fact]
    public void Only_the_last_moves_are_kept_newest_first_while_the_count_goes_on()
    {
        var moves = new SessionMoves();
        for (var i = 0; i < SessionMoves.Capacity + 3; i++)
        {
            moves.Add(new SessionMove { Session = "s" + i, From = A, To = B, Reason = "r" });
        }

        Assert.Equal(SessionMoves.Capacity + 3, moves.Total);
        Assert.Equal(SessionMoves.Capacity, moves.Newest().Count);
        Assert.Equal("s" + (SessionMoves.Capacity + 2), moves.Newest()[0].Session);
        Assert.Equal("s3", moves.Newest()[^1].Session);
    }
}

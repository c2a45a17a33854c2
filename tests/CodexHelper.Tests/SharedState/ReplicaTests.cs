using System.Net;
using Microsoft.AspNetCore.Http;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.SharedState;

/// <summary>
/// Two gateway replicas as real processes (the built codex-helper) sharing one real redis-server: what one replica
/// learns about an upstream, the other acts on.
/// </summary>
public sealed class ReplicaTests
{
    private const string Ok = "{\"id\":\"r\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}";

    private sealed class Team : IAsyncDisposable
    {
        public required TempHome Home { get; init; }
        public required RedisServer Redis { get; init; }
        public required string Client { get; init; }
        public required GatewayReplica A { get; init; }
        public required GatewayReplica B { get; init; }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await Redis.DisposeAsync();
            Home.Dispose();
        }
    }

    /// <summary>Config [primary, backup] with threshold 1; tokens "alice" and "ops" (admin); replicas a and b.</summary>
    private static async Task<Team> StartTeamAsync(string primary, string backup, double cooldownSecs, params string[] clientTokenOptions)
    {
        var home = new TempHome();
        var redis = await RedisServer.StartAsync();
        TestConfig.WriteWithRouting(home, primary, $"{{\"failure_threshold\":1,\"cooldown_secs\":{cooldownSecs.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}", backup);
        var client = (await home.RunAsync(["token", "add", "alice", .. clientTokenOptions])).Out.Trim();
        var admin = (await home.RunAsync("token", "add", "ops", "--admin")).Out.Trim();
        var a = await GatewayReplica.StartAsync(home, "a", redis.Url, admin);
        var b = await GatewayReplica.StartAsync(home, "b", redis.Url, admin);
        return new Team { Home = home, Redis = redis, Client = client, A = a, B = b };
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, int seconds = 10)
    {
        for (var i = 0; i < seconds * 20; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    [SkippableFact]
    public async Task A_failure_through_one_replica_cools_the_upstream_on_the_other()
    {
        await using var primary = await StubUpstream.JsonAsync(500, "{\"error\":\"down\"}");
        await using var backup = await StubUpstream.JsonAsync(200, Ok);
        await using var team = await StartTeamAsync(primary.BaseUrl, backup.BaseUrl, 60);

        using (var r = await team.A.PostAsync(team.Client))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode); // failed over to the backup
        }

        Assert.Equal(1, primary.RequestCount);
        Assert.True(await EventuallyAsync(async () => await team.B.UpstreamStateAsync(primary.BaseUrl) == "cooling_down"),
            "replica b never saw the cooldown:\n" + team.B.Output);

        for (var i = 0; i < 5; i++)
        {
            using var r = await team.B.PostAsync(team.Client);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.Equal(1, primary.RequestCount);
        Assert.Equal(6, backup.RequestCount);

        // Each replica logs to its own file, and `usage` reads them all.
        Assert.True(await EventuallyAsync(async () =>
        {
            var summary = await team.Home.RunAsync("usage", "summary", "--by", "token", "--json");
            return System.Text.Json.Nodes.JsonNode.Parse(summary.Out)!["total"]!["requests"]!.GetValue<long>() == 6;
        }), "usage did not count the lines of both replicas");
        Assert.True(File.Exists(Path.Combine(team.Home.Paths.LogsDir, "requests.a.jsonl")));
        Assert.True(File.Exists(Path.Combine(team.Home.Paths.LogsDir, "requests.b.jsonl")));
    }

    [SkippableFact]
    public async Task A_half_open_upstream_is_probed_by_one_replica_only()
    {
        var arrivals = 0;
        var probing = 0;
        var arrivedDuringProbe = 0;
        await using var primary = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            var n = Interlocked.Increment(ref arrivals);
            if (n == 1)
            {
                ctx.Response.StatusCode = 500;
                return;
            }

            if (Interlocked.CompareExchange(ref probing, 1, 0) == 0)
            {
                await Task.Delay(1500); // the probe is slow: anyone else arriving meanwhile is a second probe
                Volatile.Write(ref probing, 2);
            }
            else if (Volatile.Read(ref probing) == 1)
            {
                Interlocked.Increment(ref arrivedDuringProbe);
            }

            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Ok);
        });
        // The backup's first answer is the client's fault (400): it neither fails nor becomes the sticky choice, so
        // when the cooldown ends each replica would go to the primary first, if it were allowed to probe.
        var backupCalls = 0;
        await using var backup = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = Interlocked.Increment(ref backupCalls) == 1 ? 400 : 200;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Ok);
        });
        await using var team = await StartTeamAsync(primary.BaseUrl, backup.BaseUrl, 2);

        using (var r = await team.A.PostAsync(team.Client))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }

        Assert.True(await EventuallyAsync(async () => await team.B.UpstreamStateAsync(primary.BaseUrl) == "cooling_down"));

        // Once the cooldown is over, the replicas race for the probe (each sync round, every 250 ms). Until then requests
        // go to the backup, which would then be the sticky choice and keep traffic off the primary: so start after it.
        Assert.True(await EventuallyAsync(async () =>
            await team.A.UpstreamStateAsync(primary.BaseUrl) == "half_open" && await team.B.UpstreamStateAsync(primary.BaseUrl) == "half_open"));
        await Task.Delay(1000);

        // Both replicas keep sending until the probe has answered.
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        async Task Load(GatewayReplica replica)
        {
            while (Volatile.Read(ref probing) != 2 && !done.IsCancellationRequested)
            {
                using var r = await replica.PostAsync(team.Client);
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                await Task.Delay(20);
            }
        }

        await Task.WhenAll(Load(team.A), Load(team.A), Load(team.B), Load(team.B));
        Assert.True(Volatile.Read(ref probing) == 2, $"no probe: a {await team.A.StatusAsync()}\nb {await team.B.StatusAsync()}\n{team.A.Output}{team.B.Output}");
        Assert.Equal(0, Volatile.Read(ref arrivedDuringProbe));

        // The probe succeeded: both replicas use the primary again.
        Assert.True(await EventuallyAsync(async () =>
            await team.A.UpstreamStateAsync(primary.BaseUrl) == "ok" && await team.B.UpstreamStateAsync(primary.BaseUrl) == "ok"));
    }

    [SkippableFact]
    public async Task Replicas_keep_serving_without_redis_and_resynchronise_when_it_is_back()
    {
        await using var primary = await StubUpstream.StartAsync(async (ctx, seen) =>
        {
            ctx.Response.StatusCode = seen.Header("x-test-fail") is null ? 200 : 500;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Ok);
        });
        await using var backup = await StubUpstream.JsonAsync(200, Ok);
        await using var team = await StartTeamAsync(primary.BaseUrl, backup.BaseUrl, 60);

        await team.Redis.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            using var a = await team.A.PostAsync(team.Client);
            using var b = await team.B.PostAsync(team.Client);
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        }

        // A failure seen by a while Redis is away: b cannot know yet.
        using (var r = await team.A.PostAsync(team.Client, ("x-test-fail", "1")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.True(await EventuallyAsync(() => Task.FromResult(team.A.Output.Contains("unreachable") && team.B.Output.Contains("unreachable"))),
            "no replica said Redis was gone:\n" + team.A.Output + team.B.Output);
        Assert.Equal("ok", await team.B.UpstreamStateAsync(primary.BaseUrl));

        await team.Redis.StartAgainAsync();
        Assert.True(await EventuallyAsync(async () => await team.B.UpstreamStateAsync(primary.BaseUrl) == "cooling_down", 20),
            "b never learnt a's failure after Redis came back:\n" + team.A.Output + team.B.Output);
        Assert.Contains("is back", team.A.Output);

        var before = primary.RequestCount;
        using (var r = await team.B.PostAsync(team.Client))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.Equal(before, primary.RequestCount);
        foreach (var output in new[] { team.A.Output, team.B.Output })
        {
            Assert.Single(output.Split('\n'), l => l.Contains("unreachable"));
            Assert.DoesNotContain(team.Client, output);
        }
    }

    [SkippableFact]
    public async Task A_budget_spent_through_one_replica_is_refused_on_the_other()
    {
        // gpt-5 at the built-in $1.25 per million input tokens: each answer costs $1.25; the budget is $2.
        await using var relay = await StubUpstream.JsonAsync(200, "{\"id\":\"r\",\"usage\":{\"input_tokens\":1000000,\"output_tokens\":0,\"total_tokens\":1000000}}");
        await using var spare = await StubUpstream.JsonAsync(200, Ok);
        await using var team = await StartTeamAsync(relay.BaseUrl, spare.BaseUrl, 60, "--budget-usd", "2", "--period", "day");

        using (var r = await team.B.PostAsync(team.Client))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using (var r = await team.A.PostAsync(team.Client))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        // $2.50 spent of $2: both replicas refuse once they have synced (a, which served the second request, at once).
        string? message = null;
        Assert.True(await EventuallyAsync(async () =>
        {
            using var r = await team.B.PostAsync(team.Client);
            if (r.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return false;
            }

            message = await r.Content.ReadAsStringAsync();
            return true;
        }), "replica b never refused the token whose budget was spent through a and b together");
        Assert.Contains("alice", message);
        Assert.Contains("budget", message);
        Assert.InRange(relay.RequestCount, 2, 4);

        // token list reads every replica's log: spend and last use, never the token.
        var listed = "";
        Assert.True(await EventuallyAsync(async () =>
        {
            listed = (await team.Home.RunAsync("token", "list", "--json")).Out;
            var alice = System.Text.Json.Nodes.JsonNode.Parse(listed)!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "alice")!;
            return alice["spent_usd"]!.GetValue<decimal>() >= 2.5m && alice["last_used"] is not null;
        }), listed);
        Assert.DoesNotContain(team.Client, listed);
    }
}

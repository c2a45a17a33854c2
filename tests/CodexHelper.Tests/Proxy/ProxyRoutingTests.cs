using System.Net;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>Routing through the running proxy: fault-injecting upstreams on 127.0.0.1.</summary>
public class ProxyRoutingTests
{
    [Fact]
    public async Task Every_request_succeeds_and_failing_upstreams_are_not_hammered()
    {
        using var home = new TempHome();
        var refused = $"http://127.0.0.1:{FreePort.Get()}";
        await using var broken = await StubUpstream.JsonAsync(500, "{}");
        await using var healthy = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (refused, null, null), (broken.BaseUrl, null, null), (healthy.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        for (var i = 0; i < 20; i++)
        {
            using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Sticky on the healthy one after the first success: the 500 upstream saw one request, not twenty.
        Assert.Equal(1, broken.RequestCount);
        Assert.Equal(20, healthy.RequestCount);
        var status = JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!;
        Assert.Equal(20, status["upstreams"]![2]!["requests"]!.GetValue<long>());
        Assert.Equal("connection refused", status["upstreams"]![0]!["last_error"]!.GetValue<string>());
        Assert.Equal(500, status["upstreams"]![1]!["last_status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_cooled_down_primary_gets_no_traffic_until_its_probe()
    {
        using var home = new TempHome();
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
        var primaryDown = true;
        await using var primary = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = primaryDown ? 503 : 200;
            await ctx.Response.WriteAsync("{}");
        });
        var backupDown = false;
        await using var backup = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = backupDown ? 503 : 200;
            await ctx.Response.WriteAsync("{}");
        });
        TestConfig.WriteWithRouting(home, primary.BaseUrl, """{"failure_threshold":1,"cooldown_secs":30}""", backup.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home, clock: clock);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).StatusCode);
        }

        Assert.Equal(1, primary.RequestCount);
        var status = JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!;
        Assert.Equal("cooling_down", status["upstreams"]![0]!["state"]!.GetValue<string>());

        // Cooldown over: the primary is half-open and the next request that needs it is its probe.
        clock.Advance(TimeSpan.FromSeconds(31));
        primaryDown = false;
        backupDown = true;
        Assert.Equal(HttpStatusCode.OK, (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).StatusCode);
        Assert.Equal(2, primary.RequestCount);
        status = JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!;
        Assert.Equal("ok", status["upstreams"]![0]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_that_skips_a_half_open_upstream_leaves_its_probe_to_the_next_request()
    {
        using var home = new TempHome();
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
        var gptDown = true;
        await using var gptOnly = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = gptDown ? 500 : 200;
            await ctx.Response.WriteAsync("{}");
        });
        var slowAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var any = await StubUpstream.StartAsync(async (ctx, seen) =>
        {
            if (seen.BodyText.Contains("other-model", StringComparison.Ordinal))
            {
                await slowAnswer.Task; // the first request stays in flight here while the second one routes
            }
            else if (gptDown)
            {
                ctx.Response.StatusCode = 404; // neither a success nor a failure: this upstream must not become sticky
            }

            await ctx.Response.WriteAsync("{}");
        });
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"m\",\"configs\":{\"m\":{\"name\":\"m\",\"upstreams\":["
            + $"{{\"base_url\":\"{gptOnly.BaseUrl}\",\"auth\":{{}},\"models\":[\"gpt-5\"]}},{{\"base_url\":\"{any.BaseUrl}\",\"auth\":{{}}}}"
            + "]}}},\"routing\":{\"failure_threshold\":1,\"cooldown_secs\":30}}");
        await using var proxy = await ProxyHarness.StartAsync(home, clock: clock);
        Assert.Equal(HttpStatusCode.NotFound, (await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5"}"""))).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(31));
        gptDown = false;
        Assert.Equal("half_open", (await UpstreamStatesAsync(proxy))[0]);

        // The first request passes the half-open upstream over (it does not serve other-model) and waits on the other one.
        var first = proxy.Client.PostAsync("/responses", new StringContent("""{"model":"other-model"}"""));
        await Eventually.True(() => any.Requests.Any(r => r.BodyText.Contains("other-model", StringComparison.Ordinal)));

        // The second request needs gpt-5: the probe slot is free again, so it goes to the half-open upstream and closes it.
        using var second = await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5"}"""));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, gptOnly.RequestCount);
        Assert.Equal("ok", (await UpstreamStatesAsync(proxy))[0]);
        Assert.False(first.IsCompleted);
        slowAnswer.SetResult();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(2, any.RequestCount);
    }

    private static async Task<string[]> UpstreamStatesAsync(ProxyHarness proxy) =>
        [.. JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!["upstreams"]!.AsArray().Select(u => u!["state"]!.GetValue<string>())];

    [Fact]
    public async Task Retry_after_on_429_cools_the_upstream_down_for_at_least_that_long()
    {
        using var home = new TempHome();
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
        await using var limited = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers["Retry-After"] = "120";
            await ctx.Response.WriteAsync("""{"error":"slow down"}""");
        });
        await using var backup = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (limited.BaseUrl, null, null), (backup.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home, clock: clock);

        await proxy.Client.PostAsync("/responses", new StringContent("{}"));
        clock.Advance(TimeSpan.FromSeconds(60));
        await proxy.Client.PostAsync("/responses", new StringContent("{}"));
        var status = JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!;

        Assert.Equal(1, limited.RequestCount);
        Assert.Equal(2, backup.RequestCount);
        Assert.Equal("cooling_down", status["upstreams"]![0]!["state"]!.GetValue<string>());
        Assert.InRange(status["upstreams"]![0]!["cooldown_remaining_s"]!.GetValue<double>(), 59, 61);
    }

    [Fact]
    public async Task Revoked_key_401_and_hanging_upstreams_fail_over()
    {
        using var home = new TempHome();
        await using var revoked = await StubUpstream.JsonAsync(401, """{"error":"invalid api key"}""");
        await using var hanging = await StubUpstream.StartAsync((ctx, _) => Task.Delay(Timeout.Infinite, ctx.RequestAborted));
        await using var healthy = await StubUpstream.JsonAsync(200, """{"ok":true}""");
        TestConfig.WriteWithRouting(home, revoked.BaseUrl, """{"header_timeout_secs":0.5}""", hanging.BaseUrl, healthy.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = (await proxy.LogLinesAsync(1))[0]["attempts"]!.AsArray();
        Assert.Equal(401, attempts[0]!["status_code"]!.GetValue<int>());
        Assert.Contains("no response headers", attempts[1]!["error"]!.GetValue<string>());
        await hanging.RequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_usage_provider_marking_the_primary_exhausted_moves_traffic_to_the_backup()
    {
        using var home = new TempHome();
        var spent = 5.0;
        await using var billing = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($$"""{"monthly_budget_usd":10,"monthly_spent_usd":{{spent.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");
        });
        // The provider matches upstreams on host "localhost"; the backup is reached as 127.0.0.1.
        await using var primary = await StubUpstream.JsonAsync(200, """{"from":"primary"}""");
        await using var backup = await StubUpstream.JsonAsync(200, """{"from":"backup"}""");
        var primaryUrl = primary.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        home.WriteHelperFile("usage_providers.json", $$"""
            {"providers":[{"id":"stub","kind":"budget_http_json","domains":["localhost"],"endpoint":"{{billing.BaseUrl}}/balance","token_env":null,"poll_interval_secs":1}]}
            """);
        TestConfig.Write(home, ServiceKind.Codex, "main", (primaryUrl, "sk-primary-000000001", null), (backup.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartQuotaAsync(home);

        Assert.Contains("primary", await (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).Content.ReadAsStringAsync());
        spent = 10.0;
        var moved = false;
        for (var i = 0; i < 100 && !moved; i++)
        {
            await Task.Delay(50);
            moved = (await (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).Content.ReadAsStringAsync()).Contains("backup");
        }

        Assert.True(moved);
        Assert.Equal("Bearer sk-primary-000000001", billing.Requests.First().Header("authorization"));
        var status = JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!;
        Assert.Equal("exhausted", status["upstreams"]![0]!["state"]!.GetValue<string>());
    }
    [Fact]
    public async Task A_balance_poll_asks_with_the_key_of_the_upstream_that_served_not_another_on_the_same_relay()
    {
        using var home = new TempHome();
        await using var billing = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"monthly_budget_usd":10,"monthly_spent_usd":1}""");
        });
        await using var relay = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = ctx.Request.Headers.Authorization == "Bearer sk-serving-000000002" ? 200 : 401;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("{}");
        });
        home.WriteHelperFile("usage_providers.json", $$"""
            {"providers":[{"id":"stub","kind":"budget_http_json","domains":["127.0.0.1"],"endpoint":"{{billing.BaseUrl}}/balance","token_env":null,"poll_interval_secs":1}]}
            """);
        TestConfig.Write(home, ServiceKind.Codex, "main", (relay.BaseUrl, "sk-revoked-000000001", null), (relay.BaseUrl, "sk-serving-000000002", null));
        await using var proxy = await ProxyHarness.StartQuotaAsync(home);

        Assert.Equal(HttpStatusCode.OK, (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).StatusCode);
        for (var i = 0; i < 200 && billing.Requests.IsEmpty; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal("Bearer sk-serving-000000002", billing.Requests.First().Header("authorization"));
    }
    [Fact]
    public async Task A_reload_that_changes_connect_timeout_says_once_that_it_needs_a_restart()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.WriteWithRouting(home, upstream.BaseUrl, """{"connect_timeout_secs":10}""");
        await using var proxy = await ProxyHarness.StartAsync(home);

        TestConfig.WriteWithRouting(home, upstream.BaseUrl, """{"connect_timeout_secs":3,"cooldown_secs":5}""");
        await Eventually.True(() => proxy.Server.Runtime.Configs.Current.Routing.CooldownSecs == 5);
        TestConfig.WriteWithRouting(home, upstream.BaseUrl, """{"connect_timeout_secs":3,"cooldown_secs":6}""");
        await Eventually.True(() => proxy.Server.Runtime.Configs.Current.Routing.CooldownSecs == 6);

        var console = await proxy.ConsoleTextAsync();
        Assert.Single(console.Split('\n'), l => l.Contains("routing.connect_timeout_secs is now 3 s, but connections keep 10 s until the proxy restarts", StringComparison.Ordinal));
        Assert.Equal(10, proxy.Server.Runtime.Configs.ConnectTimeoutSecs);
    }
}

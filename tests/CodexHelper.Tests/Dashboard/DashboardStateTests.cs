using System.Net;
using System.Text.Json.Nodes;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Dashboard;

public class DashboardStateTests
{
    [Fact]
    public async Task State_shows_both_services_the_config_names_and_a_usage_providers_balance()
    {
        await using var budget = await StubUpstream.JsonAsync(200, """{"monthly_budget_usd":100,"monthly_spent_usd":12.5}""");
        await using var f = await DashboardFixture.StartAsync(home => home.WriteHelperFile("usage_providers.json",
            "{\"providers\":[{\"id\":\"budget\",\"kind\":\"budget_http_json\",\"domains\":[\"127.0.0.1\"],\"endpoint\":\"" + budget.BaseUrl + "/info\",\"poll_interval_secs\":0}]}"));
        Assert.Equal(200, await f.SendAsync("gpt-5-balance"));
        await f.Proxy.Server.Runtime.Quota.WhenIdleAsync();

        var state = await GetAsync(f, "api/state");

        var services = state["services"]!.AsArray();
        Assert.Equal(["codex", "claude"], services.Select(s => s!["service"]!.GetValue<string>()));
        var codex = services[0]!;
        Assert.True(codex["live"]!.GetValue<bool>());
        Assert.Equal("main", codex["active_config"]!.GetValue<string>());
        Assert.Equal(["main", "other"], codex["configs"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(87.5, codex["balances"]![f.Flaky.BaseUrl]!.GetValue<double>());
        Assert.False(services[1]!["running"]!.GetValue<bool>());
        Assert.Equal("gpt-5-balance", state["recent"]!.AsArray().Single()!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Today_adds_up_the_log_by_hour_model_and_upstream()
    {
        await using var f = await DashboardFixture.StartAsync();
        Assert.Equal(200, await f.SendAsync("gpt-5-a"));
        Assert.Equal(200, await f.SendAsync("gpt-5-a"));
        Assert.Equal(200, await f.SendAsync("gpt-5-b"));
        await f.Proxy.LogLinesAsync(3);

        var today = await GetAsync(f, "api/today");

        Assert.Equal(3, today["total"]!["requests"]!.GetValue<long>());
        Assert.Equal(3 * 1545, today["total"]!["total_tokens"]!.GetValue<long>());
        Assert.Equal(24, today["hours"]!.AsArray().Count);
        Assert.Equal(3 * 1545, today["hours"]!.AsArray().Sum(h => h!["total_tokens"]!.GetValue<long>()));
        var models = today["by_model"]!.AsArray();
        Assert.Equal(("gpt-5-a", 2L), (models[0]!["key"]!.GetValue<string>(), models[0]!["requests"]!.GetValue<long>()));
        Assert.Equal(f.Flaky.BaseUrl, today["by_upstream"]!.AsArray().Single()!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Today_counts_a_request_that_finished_after_the_last_read_without_waiting_for_the_cache_to_age()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var f = await DashboardFixture.StartAsync(clock: clock);
        Assert.Equal(200, await f.SendAsync("gpt-5-a"));
        await Eventually.True(async () => (await GetAsync(f, "api/state"))["recent"]!.AsArray().Count == 1);
        Assert.Equal(1, (await GetAsync(f, "api/today"))["total"]!["requests"]!.GetValue<long>());

        Assert.Equal(200, await f.SendAsync("gpt-5-b"));
        await Eventually.True(async () => (await GetAsync(f, "api/state"))["recent"]!.AsArray().Count == 2);
        // Well inside the 10 s the report is otherwise kept: the finished request makes it stale.
        clock.AdvanceSeconds(2);

        Assert.Equal(2, (await GetAsync(f, "api/today"))["total"]!["requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_unknown_config_is_refused_with_a_message_and_config_json_is_left_alone()
    {
        await using var f = await DashboardFixture.StartAsync();
        var before = await File.ReadAllTextAsync(f.Home.Paths.ConfigJson);
        var token = await DashboardHttp.TokenAsync(f);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/__codex_helper/api/action")
        {
            Content = new StringContent("""{"action":"set_active","config":"nope"}"""),
        };
        request.Headers.Add("X-Codex-Helper-Token", token);
        using var response = await f.Proxy.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(body["ok"]!.GetValue<bool>());
        Assert.Contains("nope", body["message"]!.GetValue<string>());
        Assert.Equal(before, await File.ReadAllTextAsync(f.Home.Paths.ConfigJson));
    }

    private static async Task<JsonNode> GetAsync(DashboardFixture f, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/__codex_helper/" + path);
        request.Headers.Add("X-Codex-Helper-Token", await DashboardHttp.TokenAsync(f));
        using var response = await f.Proxy.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}

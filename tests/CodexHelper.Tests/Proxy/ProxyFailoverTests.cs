using System.Net;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

public class ProxyFailoverTests
{
    [Fact]
    public async Task Refused_and_500_upstreams_are_skipped_within_the_same_request()
    {
        using var home = new TempHome();
        var refused = $"http://127.0.0.1:{FreePort.Get()}";
        await using var broken = await StubUpstream.JsonAsync(500, """{"error":"boom"}""");
        await using var healthy = await StubUpstream.JsonAsync(200, """{"usage":{"input_tokens":1,"output_tokens":1}}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (refused, "sk-aaaaaaaaaaaa1", null), (broken.BaseUrl, "sk-bbbbbbbbbbbb2", null), (healthy.BaseUrl, "sk-cccccccccccc3", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"m"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer sk-cccccccccccc3", Assert.Single(healthy.Requests).Header("authorization"));
        Assert.Equal("""{"model":"m"}""", Assert.Single(broken.Requests).BodyText);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal(healthy.BaseUrl, log["upstream_base_url"]!.GetValue<string>());
        var attempts = log["attempts"]!.AsArray();
        Assert.Equal(3, attempts.Count);
        Assert.Equal("connection refused", attempts[0]!["error"]!.GetValue<string>());
        Assert.Equal(500, attempts[1]!["status_code"]!.GetValue<int>());
        Assert.Equal(200, attempts[2]!["status_code"]!.GetValue<int>());
        Assert.Contains("failover:", await proxy.ConsoleTextAsync());
    }

    [Fact]
    public async Task When_every_upstream_fails_the_client_gets_one_line_naming_each_and_why()
    {
        using var home = new TempHome();
        await using var first = await StubUpstream.JsonAsync(503, """{"error":"first is overloaded"}""");
        await using var second = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers["retry-after"] = "7";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"error":{"message":"rate limited"}}""");
        });
        var refused = $"http://127.0.0.1:{FreePort.Get()}";
        TestConfig.Write(home, ServiceKind.Codex, "main", (first.BaseUrl, null, null), (second.BaseUrl, null, null), (refused, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var expected = $"codex-helper: all 3 upstreams failed: {first.BaseUrl[7..]}: 503 first is overloaded; {second.BaseUrl[7..]}: 429 rate limited; {refused[7..]}: connection refused";
        Assert.Equal(expected, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>());
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal(expected["codex-helper: ".Length..], log["error"]!.GetValue<string>());
        Assert.Equal(3, log["attempts"]!.AsArray().Count);
    }

    [Fact]
    public async Task When_every_upstream_refuses_the_key_the_client_gets_the_real_401()
    {
        using var home = new TempHome();
        await using var first = await StubUpstream.JsonAsync(401, """{"error":{"message":"invalid key"}}""");
        await using var second = await StubUpstream.JsonAsync(401, """{"error":{"message":"invalid key 2"}}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (first.BaseUrl, null, null), (second.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":{"message":"invalid key 2"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Other_client_errors_are_not_retried_elsewhere()
    {
        using var home = new TempHome();
        await using var first = await StubUpstream.JsonAsync(422, """{"error":"bad request"}""");
        await using var second = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (first.BaseUrl, null, null), (second.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Empty(second.Requests);
    }

    [Fact]
    public async Task Config_change_is_picked_up_while_running()
    {
        using var home = new TempHome();
        await using var a = await StubUpstream.JsonAsync(200, """{"from":"a"}""");
        await using var b = await StubUpstream.JsonAsync(200, """{"from":"b"}""");
        TestConfig.Write(home, ServiceKind.Codex, "a", (a.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        Assert.Contains("\"a\"", await (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).Content.ReadAsStringAsync());

        TestConfig.Write(home, ServiceKind.Codex, "b", (b.BaseUrl, null, null));
        var switched = false;
        for (var i = 0; i < 100 && !switched; i++)
        {
            await Task.Delay(50);
            switched = (await (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).Content.ReadAsStringAsync()).Contains("\"b\"");
        }

        Assert.True(switched);
        Assert.Contains("config reloaded: b", await proxy.ConsoleTextAsync());
    }

    [Fact]
    public async Task A_broken_config_edit_keeps_the_last_good_config()
    {
        using var home = new TempHome();
        await using var a = await StubUpstream.JsonAsync(200, """{"from":"a"}""");
        TestConfig.Write(home, ServiceKind.Codex, "a", (a.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        TestConfig.WriteRaw(home, "{ \"codex\": ");
        for (var i = 0; i < 100 && !(await proxy.ConsoleTextAsync()).Contains("keeping the previous config"); i++)
        {
            await Task.Delay(50);
        }

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("keeping the previous config", await proxy.ConsoleTextAsync());
        Assert.Equal("{ \"codex\": ", File.ReadAllText(home.Paths.ConfigJson));
    }
}

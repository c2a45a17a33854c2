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
    public async Task When_every_upstream_fails_the_client_gets_the_last_real_upstream_response()
    {
        using var home = new TempHome();
        await using var first = await StubUpstream.JsonAsync(503, """{"error":"first"}""");
        await using var last = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers["retry-after"] = "7";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"error":{"message":"rate limited"}}""");
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (first.BaseUrl, null, null), (last.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal("7", response.Headers.GetValues("retry-after").Single());
        Assert.Equal("""{"error":{"message":"rate limited"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_real_error_response_is_preferred_over_a_later_transport_error()
    {
        using var home = new TempHome();
        await using var first = await StubUpstream.JsonAsync(401, """{"error":{"message":"invalid key"}}""");
        var refused = $"http://127.0.0.1:{FreePort.Get()}";
        TestConfig.Write(home, ServiceKind.Codex, "main", (first.BaseUrl, null, null), (refused, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid key", await response.Content.ReadAsStringAsync());
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

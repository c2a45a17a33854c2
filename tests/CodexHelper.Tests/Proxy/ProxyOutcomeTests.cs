using System.Net;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Hosting;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>The <c>outcome</c> of each log line, and the attempt counting behind it.</summary>
public class ProxyOutcomeTests
{
    [Fact]
    public async Task A_failover_status_that_breaks_off_mid_body_is_counted_once_and_the_client_gets_the_summary()
    {
        using var home = new TempHome();
        await using var only = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 503;
            ctx.Response.ContentLength = 1000;
            await ctx.Response.WriteAsync("""{"error":""");
            await ctx.Response.Body.FlushAsync();
            // Let the proxy read the status line first: a reset discards bytes not yet read.
            await Task.Delay(300);
            ctx.Abort();
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (only.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        try
        {
            using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));
            await response.Content.ReadAsByteArrayAsync();
        }
        catch (HttpRequestException)
        {
            // The client's connection is cut so that it cannot take the truncated body for a whole one.
        }

        var log = Assert.Single(await proxy.LogLinesAsync(1));
        // The last upstream's failover answer is summed up in one line (issue 15), not relayed half-read.
        Assert.Equal(503, log["status_code"]!.GetValue<int>());
        Assert.Equal("upstream_error", log["outcome"]!.GetValue<string>());
        Assert.Equal($"the only upstream failed: {only.BaseUrl[7..]}: 503", log["error"]!.GetValue<string>());
        var upstream = Assert.Single(proxy.Server.Runtime.Router.Snapshot());
        Assert.Equal(1, upstream.Requests);
        Assert.Equal(1, upstream.Failures);
    }

    [Fact]
    public async Task An_answer_that_breaks_off_before_its_first_body_byte_is_replayed_on_the_next_upstream()
    {
        using var home = new TempHome();
        await using var broken = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = 1000;
            await ctx.Response.StartAsync();
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(300); // the proxy has the headers; then the relay dies
            ctx.Abort();
        });
        await using var healthy = await StubUpstream.JsonAsync(200, """{"from":"healthy"}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (broken.BaseUrl, null, null), (healthy.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"from":"healthy"}""", await response.Content.ReadAsStringAsync());
        var log = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal("ok", log["outcome"]!.GetValue<string>());
        Assert.Equal(healthy.BaseUrl, log["upstream_base_url"]!.GetValue<string>());
        Assert.Contains("before the first byte", log["attempts"]![0]!["error"]!.GetValue<string>());
        Assert.Equal(1, proxy.Server.Runtime.Router.Snapshot()[0].Failures);
    }

    [Fact]
    public async Task Each_way_a_request_ends_has_its_outcome()
    {
        using var home = new TempHome();
        await using var ok = await StubUpstream.StartAsync(async (ctx, seen) =>
        {
            ctx.Response.StatusCode = seen.Path.EndsWith("/bad", StringComparison.Ordinal) ? 422 : seen.Path.EndsWith("/down", StringComparison.Ordinal) ? 500 : 200;
            await ctx.Response.WriteAsync("{}");
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (ok.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        (await proxy.Client.PostAsync("/v1/good", new StringContent("{}"))).Dispose();
        (await proxy.Client.PostAsync("/v1/bad", new StringContent("{}"))).Dispose();
        (await proxy.Client.PostAsync("/v1/down", new StringContent("{}"))).Dispose();

        var outcomes = (await proxy.LogLinesAsync(3)).ToDictionary(l => l["path"]!.GetValue<string>(), l => (l["status_code"]!.GetValue<int>(), l["outcome"]!.GetValue<string>()));
        Assert.Equal((200, "ok"), outcomes["/v1/good"]);
        Assert.Equal((422, "rejected"), outcomes["/v1/bad"]);
        Assert.Equal((500, "upstream_error"), outcomes["/v1/down"]);
    }

    [Fact]
    public async Task A_key_from_an_unset_variable_is_warned_about_at_start_and_named_in_each_failed_request()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(401, """{"error":{"message":"missing key"}}""");
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"m\",\"configs\":{\"m\":{\"name\":\"m\",\"upstreams\":[{\"base_url\":\""
            + upstream.BaseUrl + "\",\"auth\":{\"auth_token_env\":\"CH_TEST_UNSET_KEY\"}}]}}},\"claude\":{\"active\":null,\"configs\":{}}}");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("auth_token_env CH_TEST_UNSET_KEY is not set", await proxy.ConsoleTextAsync());
        var log = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Contains("auth_token_env CH_TEST_UNSET_KEY is not set", log["error"]!.GetValue<string>());
        Assert.Equal("upstream_error", log["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_banner_names_the_address_actually_bound()
    {
        using var home = new TempHome();
        TestConfig.Write(home, ServiceKind.Codex, "main", ("http://127.0.0.1:9/v1", null, null));
        var console = new StringWriter();
        await using var server = await ProxyServer.StartAsync(new ProxyServerOptions
        {
            Kind = ServiceKind.Codex,
            Paths = home.Paths,
            Host = "0.0.0.0",
            Port = 0,
            GetEnv = home.GetEnv,
            Console = TextWriter.Synchronized(console),
        });
        await server.Runtime.Console.FlushAsync();

        Assert.Contains($"listening on http://0.0.0.0:{server.Port}", console.ToString());
    }

    [Fact]
    public async Task A_disabled_upstream_shows_in_status_and_gets_no_traffic_until_enabled()
    {
        using var home = new TempHome();
        await using var first = await StubUpstream.JsonAsync(200, """{"from":"first"}""");
        await using var second = await StubUpstream.JsonAsync(200, """{"from":"second"}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (first.BaseUrl, null, null), (second.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        var router = proxy.Server.Runtime.Router;

        Assert.True(router.SetDisabled(first.BaseUrl, true));
        Assert.Contains("second", await (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).Content.ReadAsStringAsync());
        var status = JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!;
        Assert.Equal("disabled", status["upstreams"]![0]!["manual"]!.GetValue<string>());
        Assert.Null(status["upstreams"]![1]!["manual"]);

        Assert.Empty(first.Requests);

        router.SetDisabled(first.BaseUrl, false);
        Assert.True(router.SetDisabled(second.BaseUrl, true));
        Assert.Contains("first", await (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).Content.ReadAsStringAsync());
    }
}

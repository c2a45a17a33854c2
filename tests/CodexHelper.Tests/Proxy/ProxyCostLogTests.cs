using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

public class ProxyCostLogTests
{
    private static Task<StubUpstream> SseAsync(string body) => StubUpstream.StartAsync(async (ctx, _) =>
    {
        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    });

    private static void WriteConfig(TempHome home, string service, string baseUrl, string upstreamExtra) =>
        TestConfig.WriteRaw(home, "{\"version\":1,\"" + service + "\":{\"active\":\"m\",\"configs\":{\"m\":{\"name\":\"m\",\"upstreams\":[{\"base_url\":\"" + baseUrl
            + "\",\"auth\":{}" + upstreamExtra + "}]}}}}");

    [Fact]
    public async Task A_codex_line_carries_the_session_id_and_the_cost_with_the_relays_multiplier()
    {
        using var home = new TempHome();
        await using var upstream = await SseAsync(
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":1000000,\"input_tokens_details\":{\"cached_tokens\":800000},\"output_tokens\":100000,\"total_tokens\":1100000}}}\n\n");
        WriteConfig(home, "codex", upstream.BaseUrl, ",\"price_multiplier\":0.3");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("""{"model":"gpt-5-codex","stream":true}""") };
        request.Headers.Add("session-id", "019a0000-aaaa-bbbb-cccc-000000000001");
        await (await proxy.Client.SendAsync(request)).Content.ReadAsStringAsync();

        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("019a0000-aaaa-bbbb-cccc-000000000001", log["session_id"]!.GetValue<string>());
        // (200k × 1.25 + 800k × 0.125 + 100k × 10) / 1M = 1.35, × 0.3
        Assert.Equal(0.405m, log["cost_usd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_claude_line_keeps_the_cache_write_parts_and_prices_1h_writes_higher()
    {
        using var home = new TempHome();
        await using var upstream = await SseAsync(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":1000,\"cache_read_input_tokens\":6000,\"cache_creation_input_tokens\":3000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":2000,\"ephemeral_1h_input_tokens\":1000},\"output_tokens\":1}}}\n\n" +
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":2000}}\n\n");
        WriteConfig(home, "claude", upstream.BaseUrl, "");
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = new StringContent("""{"model":"claude-sonnet-4-5-20250929","stream":true}""") };
        request.Headers.Add("x-claude-code-session-id", "5d1c0000-0000-4000-8000-000000000002");
        await (await proxy.Client.SendAsync(request)).Content.ReadAsStringAsync();

        var log = (await proxy.LogLinesAsync(1))[0];
        var usage = log["usage"]!;
        Assert.Equal(10_000, usage["input_tokens"]!.GetValue<long>());
        Assert.Equal(6_000, usage["cached_input_tokens"]!.GetValue<long>());
        Assert.Equal(3_000, usage["cache_creation_input_tokens"]!.GetValue<long>());
        Assert.Equal(1_000, usage["cache_creation_1h_input_tokens"]!.GetValue<long>());
        Assert.Equal("5d1c0000-0000-4000-8000-000000000002", log["session_id"]!.GetValue<string>());
        Assert.Equal((1_000 * 3m + 6_000 * 0.30m + 2_000 * 3.75m + 1_000 * 6m + 2_000 * 15m) / 1e6m, log["cost_usd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_unknown_model_is_logged_with_a_null_cost_and_a_request_without_session_with_a_null_session_id()
    {
        using var home = new TempHome();
        await using var upstream = await SseAsync(
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}}\n\n");
        WriteConfig(home, "codex", upstream.BaseUrl, "");
        await using var proxy = await ProxyHarness.StartAsync(home);

        await (await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"my-local-llama","stream":true}"""))).Content.ReadAsStringAsync();

        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.True(log.ContainsKey("cost_usd"));
        Assert.Null(log["cost_usd"]);
        Assert.True(log.ContainsKey("session_id"));
        Assert.Null(log["session_id"]);
        Assert.Equal(15, log["usage"]!["total_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_relays_own_prices_are_used_as_they_are()
    {
        using var home = new TempHome();
        await using var upstream = await SseAsync(
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":1000000,\"output_tokens\":1000000}}}\n\n");
        WriteConfig(home, "codex", upstream.BaseUrl, ",\"price_multiplier\":0.5,\"prices\":{\"gpt-5*\":{\"input\":1,\"output\":2}}");
        await using var proxy = await ProxyHarness.StartAsync(home);

        await (await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5","stream":true}"""))).Content.ReadAsStringAsync();

        Assert.Equal(3m, (await proxy.LogLinesAsync(1))[0]["cost_usd"]!.GetValue<decimal>());
    }
    /// <summary>One relay, two key groups at different prices: the key that served is the one billed (issue 22).</summary>
    [Theory]
    [InlineData("sk-cheap-revoked-0001", "sk-dear-serving-0002", 2.0)]
    [InlineData("sk-dear-revoked-0002", "sk-cheap-serving-0001", 1.0)]
    public async Task Two_keys_on_one_base_url_are_billed_at_the_multiplier_of_the_key_that_served(string revokedKey, string servingKey, double servedMultiplier)
    {
        using var home = new TempHome();
        await using var relay = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            if (ctx.Request.Headers.Authorization.ToString() != "Bearer " + servingKey)
            {
                ctx.Response.StatusCode = 401;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("""{"error":{"message":"invalid key"}}"""));
                return;
            }

            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(
                "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":1000000,\"output_tokens\":0,\"total_tokens\":1000000}}}\n\n"));
        });
        static string Upstream(string url, string key) =>
            "{\"base_url\":\"" + url + "\",\"auth\":{\"auth_token\":\"" + key + "\"},\"price_multiplier\":" + (key.Contains("cheap", StringComparison.Ordinal) ? "1" : "2") + "}";
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"m\",\"configs\":{\"m\":{\"name\":\"m\",\"upstreams\":["
            + Upstream(relay.BaseUrl, revokedKey) + "," + Upstream(relay.BaseUrl, servingKey) + "]}}}}");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5","stream":true}"""));
        await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal(2, log["attempts"]!.AsArray().Count);
        Assert.Equal(401, log["attempts"]![0]!["status_code"]!.GetValue<int>());
        // gpt-5 input is $1.25 per million tokens: the served key's multiplier on top.
        Assert.Equal(1.25m * (decimal)servedMultiplier, log["cost_usd"]!.GetValue<decimal>());
    }
}

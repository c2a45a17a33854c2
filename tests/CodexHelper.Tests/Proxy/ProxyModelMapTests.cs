using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

public class ProxyModelMapTests
{
    private static void Write(TempHome home, params string[] upstreamsJson) =>
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"m\",\"configs\":{\"m\":{\"name\":\"m\",\"upstreams\":[" + string.Join(",", upstreamsJson) + "]}}}}");

    private static string Upstream(string baseUrl, string extra = "") => $"{{\"base_url\":\"{baseUrl}\",\"auth\":{{}}{extra}}}";

    [Fact]
    public async Task Mapping_replaces_only_the_model_value_and_the_log_keeps_both_names()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        Write(home, Upstream(upstream.BaseUrl, ",\"model_map\":[\"gpt-5=openai/gpt-5\"]"));
        await using var proxy = await ProxyHarness.StartAsync(home);
        const string sent = "{ \"input\": [{\"model\":\"gpt-5\"}],\n  \"model\" : \"gpt-5\", \"note\":\"caf\\u00e9 \u00e9\" }";

        using var response = await proxy.Client.PostAsync("/responses", new StringContent(sent, Encoding.UTF8, "application/json"));

        var seen = Assert.Single(upstream.Requests);
        Assert.Equal(Encoding.UTF8.GetBytes(sent.Replace("\"model\" : \"gpt-5\"", "\"model\" : \"openai/gpt-5\"", StringComparison.Ordinal)), seen.Body);
        Assert.Equal(seen.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), seen.Header("content-length"));
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("gpt-5", log["model"]!.GetValue<string>());
        Assert.Equal("openai/gpt-5", log["upstream_model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failover_applies_the_next_upstreams_own_map_to_the_original_body()
    {
        using var home = new TempHome();
        await using var first = await StubUpstream.JsonAsync(503, """{"error":{"message":"busy"}}""");
        await using var second = await StubUpstream.JsonAsync(200, "{}");
        await using var third = await StubUpstream.JsonAsync(200, "{}");
        Write(home,
            Upstream(first.BaseUrl, ",\"model_map\":[\"gpt-5*=first/gpt-5*\"]"),
            Upstream(second.BaseUrl, ",\"model_map\":[\"gpt-5-codex=second-codex\"]"),
            Upstream(third.BaseUrl));
        await using var proxy = await ProxyHarness.StartAsync(home);
        const string body = """{"model":"gpt-5-codex","input":"hi"}""";

        using var response = await proxy.Client.PostAsync("/responses", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"model":"first/gpt-5-codex","input":"hi"}""", Assert.Single(first.Requests).BodyText);
        Assert.Equal("""{"model":"second-codex","input":"hi"}""", Assert.Single(second.Requests).BodyText);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("second-codex", log["upstream_model"]!.GetValue<string>());

        // An upstream without a map gets the client's bytes untouched, and the log has no upstream_model.
        second.Requests.Clear();
        Write(home, Upstream(first.BaseUrl, ",\"model_map\":[\"gpt-5*=first/gpt-5*\"]"), Upstream(third.BaseUrl));
        await WaitForReloadAsync(proxy, 2);
        using var again = await proxy.Client.PostAsync("/responses", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(body, third.Requests.Last().BodyText);
        Assert.Null((await proxy.LogLinesAsync(2))[1]["upstream_model"]);
    }

    [Fact]
    public async Task Upstreams_that_do_not_serve_the_model_are_skipped_and_the_attempts_say_so()
    {
        using var home = new TempHome();
        await using var claudeOnly = await StubUpstream.JsonAsync(200, "{}");
        await using var mapped = await StubUpstream.JsonAsync(200, "{}");
        Write(home,
            Upstream(claudeOnly.BaseUrl, ",\"models\":[\"claude-*\"]"),
            Upstream(mapped.BaseUrl, ",\"model_map\":[\"gpt-5=vendor-5\"],\"models\":[\"vendor-*\"]"));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(claudeOnly.Requests);
        Assert.Equal("""{"model":"vendor-5"}""", Assert.Single(mapped.Requests).BodyText);
        var attempts = (await proxy.LogLinesAsync(1))[0]["attempts"]!.AsArray();
        Assert.Equal("skipped: serves only claude-*, not gpt-5", attempts[0]!["error"]!.GetValue<string>());
        Assert.Equal(200, attempts[1]!["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_skipped_upstream_is_not_a_failover_but_a_failed_attempt_is()
    {
        await using var claudeOnly = await StubUpstream.JsonAsync(200, "{}");
        await using var busy = await StubUpstream.JsonAsync(503, """{"error":{"message":"busy"}}""");
        await using var serving = await StubUpstream.JsonAsync(200, "{}");
        var claude = Upstream(claudeOnly.BaseUrl, ",\"models\":[\"claude-*\"]");

        // Skipped, then answered: the attempts say "skipped", but nothing failed over.
        var (skipLog, skipFailovers, skipMetrics) = await OneRequestAsync(claude, Upstream(serving.BaseUrl));
        Assert.StartsWith("skipped:", skipLog["attempts"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, skipFailovers);
        Assert.DoesNotContain("codex_helper_failovers_total{", skipMetrics, StringComparison.Ordinal);

        // Skipped, a real failed attempt, then answered: one failover, in status and metrics.
        var (failLog, failFailovers, failMetrics) = await OneRequestAsync(claude, Upstream(busy.BaseUrl), Upstream(serving.BaseUrl));
        Assert.Equal(3, failLog["attempts"]!.AsArray().Count);
        Assert.Equal(1, failFailovers);
        Assert.Contains("codex_helper_failovers_total{", failMetrics, StringComparison.Ordinal);
        Assert.Empty(claudeOnly.Requests);
        Assert.Single(busy.Requests);
    }

    [Fact]
    public async Task When_nothing_answers_the_log_names_the_upstream_that_failed_not_the_one_skipped()
    {
        using var home = new TempHome();
        await using var busy = await StubUpstream.JsonAsync(503, """{"error":{"message":"busy"}}""");
        await using var claudeOnly = await StubUpstream.JsonAsync(200, "{}");
        Write(home, Upstream(busy.BaseUrl), Upstream(claudeOnly.BaseUrl, ",\"models\":[\"claude-*\"]"));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal(busy.BaseUrl, log["upstream_base_url"]!.GetValue<string>());
        Assert.Equal(0, await FailoversAsync(proxy));
        Assert.Empty(claudeOnly.Requests);
    }

    private static async Task<(System.Text.Json.Nodes.JsonObject Log, long Failovers, string Metrics)> OneRequestAsync(params string[] upstreams)
    {
        using var home = new TempHome();
        Write(home, upstreams);
        await using var proxy = await ProxyHarness.StartAsync(home);
        using var response = await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = (await proxy.LogLinesAsync(1))[0];
        return (log, await FailoversAsync(proxy), await proxy.Client.GetStringAsync("/metrics"));
    }

    private static async Task<long> FailoversAsync(ProxyHarness proxy) =>
        System.Text.Json.Nodes.JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!["totals"]!["failovers"]!.GetValue<long>();

    [Fact]
    public async Task A_zstd_body_is_filtered_and_mapped_before_it_leaves()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        Write(home, Upstream(upstream.BaseUrl, ",\"model_map\":[\"gpt-5=openai/gpt-5\"]"));
        home.WriteHelperFile("filter.json", """[{ "op": "replace", "source": "hunter2", "target": "***" }]""");
        await using var proxy = await ProxyHarness.StartAsync(home);
        var content = new ByteArrayContent(CompressedBodies.Encode("zstd", Encoding.UTF8.GetBytes("""{"model":"gpt-5","input":"password hunter2"}""")));
        content.Headers.ContentEncoding.Add("zstd");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await proxy.Client.PostAsync("/responses", content);

        Assert.Equal("""{"model":"openai/gpt-5","input":"password ***"}""", Assert.Single(upstream.Requests).BodyText);
    }

    [Theory]
    [InlineData(",\"prices\":{\"vendor-codex\":{\"input\":1,\"cached_input\":0.1,\"output\":2}}", "0.48")]
    [InlineData("", "1.35")]
    public async Task Cost_uses_the_upstream_models_price_when_it_has_one_else_the_requested_models(string prices, string expected)
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":1000000,\"input_tokens_details\":{\"cached_tokens\":800000},\"output_tokens\":100000,\"total_tokens\":1100000}}}\n\n");
        });
        Write(home, Upstream(upstream.BaseUrl, ",\"model_map\":[\"gpt-5-codex=vendor-codex\"]" + prices));
        await using var proxy = await ProxyHarness.StartAsync(home);

        await (await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5-codex","stream":true}"""))).Content.ReadAsStringAsync();

        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("vendor-codex", log["upstream_model"]!.GetValue<string>());
        // (200k uncached × input + 800k cached × cached_input + 100k × output) / 1M: vendor-codex's own price, or gpt-5-codex's built-in one.
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), log["cost_usd"]!.GetValue<decimal>());
    }

    private static async Task WaitForReloadAsync(ProxyHarness proxy, int upstreams)
    {
        for (var i = 0; i < 100 && proxy.Server.Runtime.Configs.Current.Upstreams.Count != upstreams; i++)
        {
            await Task.Delay(50);
        }
    }
}

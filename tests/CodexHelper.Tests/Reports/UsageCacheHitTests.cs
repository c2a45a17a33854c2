using System.Text;
using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Reports.UsageLogFixture;

namespace CodexHelper.Tests.Reports;

/// <summary>
/// <c>usage summary --by upstream</c> shows how much of each upstream's prompts came from its cache. The log is written
/// by real proxies from real answers, so the test also holds the formula to what the log means by input_tokens: the whole
/// prompt for OpenAI (cached_tokens a part of it) and for Anthropic (where cache reads and writes come on top of input_tokens).
/// </summary>
public sealed class UsageCacheHitTests
{
    private static Task<StubUpstream> SseAsync(string body) => StubUpstream.StartAsync(async (ctx, _) =>
    {
        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    });

    [Fact]
    public async Task By_upstream_the_cache_hit_share_is_right_for_a_responses_and_an_anthropic_upstream()
    {
        using var home = new TempHome();
        await using var openai = await SseAsync(
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":1000,\"input_tokens_details\":{\"cached_tokens\":250},\"output_tokens\":10,\"total_tokens\":1010}}}\n\n");
        await using var anthropic = await SseAsync(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":100,\"cache_read_input_tokens\":800,\"cache_creation_input_tokens\":100,\"output_tokens\":1}}}\n\n" +
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":20}}\n\n" +
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

        TestConfig.Write(home, ServiceKind.Codex, "main", (openai.BaseUrl, "sk-cache-test-000001", null));
        await using (var codex = await ProxyHarness.StartAsync(home))
        {
            for (var i = 0; i < 2; i++)
            {
                await (await codex.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5","stream":true}"""))).Content.ReadAsStringAsync();
            }

            await codex.LogLinesAsync(2);
        }

        TestConfig.Write(home, ServiceKind.Claude, "c", (anthropic.BaseUrl, null, "sk-ant-cache-000002"));
        await using (var claude = await ProxyHarness.StartAsync(home, ServiceKind.Claude))
        {
            await (await claude.Client.PostAsync("/v1/messages", new StringContent("""{"model":"claude-sonnet-4-5","stream":true}"""))).Content.ReadAsStringAsync();
            await claude.LogLinesAsync(3);
        }

        var json = await home.RunAsync("usage", "summary", "--by", "upstream", "--json");

        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!.TrimEnd('/'));
        Assert.Equal(2000, groups[openai.BaseUrl].GetProperty("input_tokens").GetInt64());
        Assert.Equal(25.0, groups[openai.BaseUrl].GetProperty("cache_hit_pct").GetDouble());
        // Anthropic: 800 read from the cache of a 1000-token prompt (100 plain + 800 read + 100 written).
        Assert.Equal(1000, groups[anthropic.BaseUrl].GetProperty("input_tokens").GetInt64());
        Assert.Equal(80.0, groups[anthropic.BaseUrl].GetProperty("cache_hit_pct").GetDouble());
        Assert.Equal(43.3, doc.RootElement.GetProperty("total").GetProperty("cache_hit_pct").GetDouble());

        var table = await home.RunAsync("usage", "summary", "--by", "upstream");
        Assert.Contains("cache hit", table.Out, StringComparison.Ordinal);
        Assert.Contains("25.0%", table.Out.Split('\n').Single(l => l.Contains(new Uri(openai.BaseUrl).Authority, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("80.0%", table.Out.Split('\n').Single(l => l.Contains(new Uri(anthropic.BaseUrl).Authority, StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_without_input_tokens_has_no_share_rather_than_a_made_up_one()
    {
        using var home = new TempHome();
        Write(home.Paths.RequestLog, Line(Day1, upstream: "https://no-usage.example/v1", usage: false), Line(Day1 + 1, upstream: "https://cached.example/v1", input: 400, cached: 100));

        var run = await home.RunAsync("usage", "summary", "--by", "upstream", "--json");

        using var doc = JsonDocument.Parse(run.Out);
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        Assert.Equal(JsonValueKind.Null, groups["https://no-usage.example/v1"].GetProperty("cache_hit_pct").ValueKind);
        Assert.Equal(25.0, groups["https://cached.example/v1"].GetProperty("cache_hit_pct").GetDouble());
        var row = (await home.RunAsync("usage", "summary", "--by", "upstream")).Out.Split('\n').Single(l => l.Contains("no-usage", StringComparison.Ordinal));
        Assert.Contains(" - ", row, StringComparison.Ordinal);
    }
}

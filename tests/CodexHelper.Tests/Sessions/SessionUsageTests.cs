using System.Text.Json.Nodes;
using CodexHelper.Pricing;
using CodexHelper.Sessions;
using CodexHelper.Tests.Reports;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Sessions.SessionFixtures;

namespace CodexHelper.Tests.Sessions;

public class SessionUsageTests
{
    private static readonly PriceBook Book = PriceBookLoader.BuiltInOnly();

    private static string TokenCount(DateTimeOffset t, long input, long cached, long output) =>
        Record(t, "event_msg", $"{{\"type\":\"token_count\",\"info\":{{\"total_token_usage\":{{\"input_tokens\":{input},\"cached_input_tokens\":{cached},\"output_tokens\":{output},\"reasoning_output_tokens\":0,\"total_tokens\":{input + output}}},\"last_token_usage\":{{\"input_tokens\":1,\"cached_input_tokens\":0,\"output_tokens\":1}}}}}}");

    /// <summary>A rollout with two turns on two models; token_count records repeat and one line is torn.</summary>
    private static string WriteRolloutWithUsage(TempHome home, string id)
    {
        var path = WriteRollout(home.Paths, id, "/work/app", T0, ["first"]);
        File.AppendAllLines(path,
        [
            Record(T0.AddMinutes(5), "turn_context", "{\"model\":\"gpt-5\",\"cwd\":\"/work/app\"}"),
            TokenCount(T0.AddMinutes(6), 1_000_000, 800_000, 100_000),
            TokenCount(T0.AddMinutes(6), 1_000_000, 800_000, 100_000), // Codex repeats a record: adds nothing
            "{\"timestamp\":\"x\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{\"total_token_usage\":{\"input_tokens\":\"many\"}}}}",
            Record(T0.AddMinutes(7), "turn_context", "{\"model\":\"gpt-5-mini\",\"cwd\":\"/work/app\"}"),
            TokenCount(T0.AddMinutes(8), 3_000_000, 800_000, 200_000),
            "{\"timestamp\":\"2025-03-01T10:09:00Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_co",
        ]);
        return path;
    }

    [Fact]
    public void Codex_usage_is_the_growth_of_token_count_totals_each_part_priced_with_its_turns_model()
    {
        using var home = new TempHome();
        var path = WriteRolloutWithUsage(home, Uuid(1));

        var usage = CodexRolloutUsage.Read(path, Book)!;

        Assert.Equal(SessionUsage.FromSessionFile, usage.Source);
        Assert.Equal(2, usage.Requests);
        Assert.Equal(3_000_000, usage.InputTokens);
        Assert.Equal(800_000, usage.CachedInputTokens);
        Assert.Equal(200_000, usage.OutputTokens);
        // gpt-5: 200k × 1.25 + 800k × 0.125 + 100k × 10 = $1.35; gpt-5-mini: 2M × 0.25 + 100k × 2 = $0.70
        Assert.Equal(1.35m + 0.70m, usage.CostUsd);
        Assert.Equal(0, usage.UnpricedRequests);
    }

    [Fact]
    public void Claude_usage_counts_each_message_once_and_prices_1h_cache_writes()
    {
        using var home = new TempHome();
        var path = WriteClaude(home.Paths, Uuid(2), "/work/app", T0, ["hi"]);
        const string usage = "\"usage\":{\"input_tokens\":1000,\"cache_creation_input_tokens\":3000,\"cache_read_input_tokens\":6000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":2000,\"ephemeral_1h_input_tokens\":1000},\"output_tokens\":OUT}";
        string Assistant(string id, string model, int output) =>
            $"{{\"type\":\"assistant\",\"sessionId\":\"{Uuid(2)}\",\"message\":{{\"id\":\"{id}\",\"model\":\"{model}\",\"role\":\"assistant\",\"content\":[],{usage.Replace("OUT", output.ToString(System.Globalization.CultureInfo.InvariantCulture))}}}}}";
        File.AppendAllLines(path,
        [
            Assistant("msg_1", "claude-sonnet-4-5-20250929", 1), // the same message in three records; the last has the final count
            Assistant("msg_1", "claude-sonnet-4-5-20250929", 1),
            Assistant("msg_1", "claude-sonnet-4-5-20250929", 2000),
            Assistant("msg_2", "<synthetic>", 0),
            $"{{\"type\":\"assistant\",\"message\":{{\"id\":\"msg_1\",\"model\":\"x\",\"usage\":{{\"input_tokens\":\"lots\",\"output_tokens\":5}}}}}}", // broken: skipped
            "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_3\",\"usage\":",
        ]);

        var read = ClaudeSessionUsage.Read(path, Book)!;

        Assert.Equal(1, read.Requests);
        Assert.Equal(10_000, read.InputTokens);
        Assert.Equal(6_000, read.CachedInputTokens);
        Assert.Equal(2_000, read.OutputTokens);
        Assert.Equal((1_000 * 3m + 6_000 * 0.30m + 2_000 * 3.75m + 1_000 * 6m + 2_000 * 15m) / 1e6m, read.CostUsd);
    }

    [Fact]
    public void A_session_file_without_usage_or_with_an_unknown_model_is_null_or_unpriced_never_zero()
    {
        using var home = new TempHome();
        var none = WriteRollout(home.Paths, Uuid(3), "/work/app", T0, ["x"]);
        var unknown = WriteRollout(home.Paths, Uuid(4), "/work/app", T0, ["x"]);
        File.AppendAllLines(unknown, [Record(T0, "turn_context", "{\"model\":\"my-local-llama\"}"), TokenCount(T0, 100, 0, 10)]);

        Assert.Null(CodexRolloutUsage.Read(none, Book));
        var u = CodexRolloutUsage.Read(unknown, Book)!;
        Assert.Null(u.CostUsd);
        Assert.Equal(1, u.UnpricedRequests);
        Assert.Equal(100, u.InputTokens);
    }

    [Fact]
    public async Task Session_list_json_takes_usage_from_the_log_when_the_session_went_through_the_proxy_else_from_the_file()
    {
        using var home = new TempHome();
        WriteRolloutWithUsage(home, Uuid(10)); // never through the proxy
        WriteRolloutWithUsage(home, Uuid(11)); // through the proxy: the log wins
        UsageLogFixture.Write(home.Paths.RequestLog,
            UsageLogFixture.Line(UsageLogFixture.Day1, input: 500, cached: 100, output: 50, session: Uuid(11), cost: "0.25"),
            UsageLogFixture.Line(UsageLogFixture.Day1 + 1, input: 300, cached: 0, output: 30, session: Uuid(11), cost: "null"),
            UsageLogFixture.Line(UsageLogFixture.Day1 + 2, input: 7, output: 7, session: Uuid(99), cost: "1"));

        var run = await home.RunAsync("session", "list", "--all", "--json");

        Assert.Equal(0, run.ExitCode);
        var sessions = JsonNode.Parse(run.Out)!.AsArray().ToDictionary(s => s!["id"]!.GetValue<string>());
        var proxied = sessions[Uuid(11)]!;
        Assert.Equal("proxy", proxied["usage_source"]!.GetValue<string>());
        Assert.Equal(800, proxied["input_tokens"]!.GetValue<long>());
        Assert.Equal(100, proxied["cached_input_tokens"]!.GetValue<long>());
        Assert.Equal(80, proxied["output_tokens"]!.GetValue<long>());
        Assert.Equal(2, proxied["requests"]!.GetValue<long>());
        Assert.Equal(0.25m, proxied["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(1, proxied["unpriced_requests"]!.GetValue<long>());
        var direct = sessions[Uuid(10)]!;
        Assert.Equal("session_file", direct["usage_source"]!.GetValue<string>());
        Assert.Equal(3_000_000, direct["input_tokens"]!.GetValue<long>());
        Assert.Equal(2.05m, direct["cost_usd"]!.GetValue<decimal>());

        var text = await home.RunAsync("session", "list", "--all");
        Assert.Contains("usage:  in 800 (cached 100) out 80, $0.25 + 1 unpriced  [proxy, 2 requests]", text.Out);
        Assert.Contains("usage:  in 3,000,000 (cached 800,000) out 200,000, $2.05  [session_file, 2 requests]", text.Out);
    }

    [Fact]
    public async Task Session_export_ends_with_the_usage_and_cost()
    {
        using var home = new TempHome();
        WriteRolloutWithUsage(home, Uuid(20));

        var md = await home.RunAsync("session", "export", Uuid(20));
        var json = await home.RunAsync("session", "export", Uuid(20), "--format", "json");

        Assert.Equal(0, md.ExitCode);
        Assert.EndsWith("**Usage:** in 3,000,000 (cached 800,000) out 200,000, $2.05  [session_file, 2 requests]\n", md.Out);
        var usage = JsonNode.Parse(json.Out)!["usage"]!;
        Assert.Equal(2.05m, usage["cost_usd"]!.GetValue<decimal>());
        Assert.Equal("session_file", usage["source"]!.GetValue<string>());
    }
}

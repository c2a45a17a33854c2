using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>
/// The request log's session ids and tokens against what the real clients wrote into their own session
/// files: the same session id, the same token counts (and Codex's own "tokens used" line).
/// </summary>
[Collection("real clients")]
public partial class SessionCostScenarioTests
{
    private static long L(JsonNode? n) => n?.GetValue<long>() ?? 0;

    /// <summary>
    /// The issue's scenario: three Codex sessions through two relays sold at different multipliers. Each session's
    /// tokens in the log equal its rollout's and Codex's "tokens used" line; `session list` and
    /// `usage summary --by session --since today` show each session's tokens and dollars, and totals agree with the log.
    /// </summary>
    [SkippableFact]
    public async Task Three_codex_sessions_through_two_relays_have_the_rollouts_ids_tokens_and_their_relays_prices()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var relayA = await WireStubs.ResponsesAsync("Answer from relay A");
        await using var relayB = await WireStubs.ResponsesAsync("Answer from relay B");
        Assert.Equal(0, (await home.HelperAsync("config", "add", "relay-a", "--base-url", relayA.BaseUrl + "/v1", "--auth-token", "sk-e2e-cost-000a", "--price-multiplier", "0.3", "--codex")).ExitCode);
        Assert.Equal(0, (await home.HelperAsync("config", "add", "relay-b", "--base-url", relayB.BaseUrl + "/v1", "--auth-token", "sk-e2e-cost-000b", "--price-multiplier", "0.6", "--codex")).ExitCode);
        var port = FreePort.Get();
        var p = port.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, (await home.HelperAsync("switch", "on", "--codex", "--port", p)).ExitCode);
        var printed = new List<long>();
        foreach (var (relay, prompt) in new[] { ("relay-a", "say hi"), ("relay-a", "say hello"), ("relay-b", "say hey") })
        {
            Assert.Equal(0, (await home.HelperAsync("config", "set-active", relay, "--codex")).ExitCode);
            await using var serve = await home.StartHelperAsync(port, "serve", "--codex", "--port", p);
            var codex = await home.CodexExecAsync(prompt);
            Assert.True(codex.ExitCode == 0, codex.All + "\n--- proxy ---\n" + serve.Output);
            var used = TokensUsed().Match(codex.All);
            Assert.True(used.Success, codex.All);
            printed.Add(long.Parse(used.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture));
        }

        var rollouts = Directory.EnumerateFiles(Path.Combine(home.CodexHome, "sessions"), "rollout-*.jsonl", SearchOption.AllDirectories)
            .Select(f => File.ReadLines(f).Select(l => JsonNode.Parse(l)!).ToArray())
            .OrderBy(r => r[0]["payload"]!["timestamp"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(3, rollouts.Length);
        var log = home.LogLines().Select(l => JsonNode.Parse(l)!).Where(l => l["path"]!.GetValue<string>() == "/responses").ToArray();
        var list = await home.HelperAsync("session", "list", "--path", home.Project, "--json");
        Assert.True(list.ExitCode == 0, list.All);
        var listed = JsonNode.Parse(list.Out)!.AsArray().ToDictionary(s => s!["id"]!.GetValue<string>());
        var summary = await home.HelperAsync("usage", "summary", "--by", "session", "--since", "today", "--json");
        Assert.True(summary.ExitCode == 0, summary.All);
        var groups = JsonNode.Parse(summary.Out)!["groups"]!.AsArray().ToDictionary(g => g!["key"]!.GetValue<string>());
        for (var i = 0; i < 3; i++)
        {
            var id = rollouts[i][0]["payload"]!["id"]!.GetValue<string>();
            var total = rollouts[i].Last(r => r["payload"]?["type"]?.GetValue<string>() == "token_count" && r["payload"]!["info"] is JsonObject)["payload"]!["info"]!["total_token_usage"]!;
            var lines = log.Where(l => l["session_id"]?.GetValue<string>() == id).ToArray();
            Assert.NotEmpty(lines);
            var input = lines.Sum(l => L(l["usage"]?["input_tokens"]));
            var cached = lines.Sum(l => L(l["usage"]?["cached_input_tokens"]));
            var output = lines.Sum(l => L(l["usage"]?["output_tokens"]));
            Assert.Equal(L(total["input_tokens"]), input);
            Assert.Equal(L(total["cached_input_tokens"]), cached);
            Assert.Equal(L(total["output_tokens"]), output);
            Assert.Equal(input - cached + output, printed[i]); // Codex prints input − cached + output
            Assert.All(lines, l => Assert.True(l["cost_usd"] is not null, l.ToJsonString())); // the model is priced: a number, never a silent 0
            var cost = lines.Sum(l => l["cost_usd"]!.GetValue<decimal>());

            var session = listed[id]!;
            Assert.Equal("proxy", session["usage_source"]!.GetValue<string>());
            Assert.Equal(input, L(session["input_tokens"]));
            Assert.Equal(output, L(session["output_tokens"]));
            Assert.Equal(cost, session["cost_usd"]!.GetValue<decimal>());
            Assert.Equal(cost, groups[id]!["cost_usd"]!.GetValue<decimal>());
            Assert.Equal(input, L(groups[id]!["input_tokens"]));
        }

        // The same tokens cost twice as much through relay B (0.6) as through relay A (0.3).
        var a = log.First(l => l["config_name"]!.GetValue<string>() == "relay-a")["cost_usd"]!.GetValue<decimal>();
        var b = log.First(l => l["config_name"]!.GetValue<string>() == "relay-b")["cost_usd"]!.GetValue<decimal>();
        Assert.Equal(2 * a, b);
        Assert.Equal(log.Sum(l => l["cost_usd"]!.GetValue<decimal>()), JsonNode.Parse(summary.Out)!["total"]!["cost_usd"]!.GetValue<decimal>());
        var text = await home.HelperAsync("session", "list", "--path", home.Project);
        var table = await home.HelperAsync("usage", "summary", "--by", "session", "--since", "today");
        Console.WriteLine(text.Out + "\n" + table.Out); // the README's example comes from this output
    }

    [SkippableFact]
    public async Task Claude_session_in_the_log_has_the_session_files_id_and_the_tokens_claude_recorded()
    {
        _ = RealClients.Claude;
        using var home = new E2EHome();
        await using var upstream = await WireStubs.AnthropicAsync("Costed answer from the anthropic stub");
        File.WriteAllText(Path.Combine(home.ClaudeHome, "settings.json"), "{\"env\":{\"ANTHROPIC_API_KEY\":\"dummy-client-key\"}}\n");
        Assert.Equal(0, (await home.HelperAsync("config", "add", "anthropic", "--base-url", upstream.BaseUrl, "--api-key", "sk-ant-e2e-cost-0002", "--claude")).ExitCode);
        var port = FreePort.Get();
        var p = port.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, (await home.HelperAsync("switch", "on", "--claude", "--port", p)).ExitCode);
        await using (var serve = await home.StartHelperAsync(port, "serve", "--claude", "--port", p))
        {
            var claude = await home.ClaudeAsync("say hi");
            Assert.True(claude.ExitCode == 0, claude.All + "\n--- proxy ---\n" + serve.Output);
        }

        var file = Directory.EnumerateFiles(Path.Combine(home.ClaudeHome, "projects"), "*.jsonl", SearchOption.AllDirectories).Single();
        var fileId = Path.GetFileNameWithoutExtension(file);
        // Each API message once (Claude Code repeats a message's usage in several records).
        var usages = File.ReadLines(file).Select(l => JsonNode.Parse(l)!)
            .Where(r => r["type"]?.GetValue<string>() == "assistant" && r["message"]?["usage"] is JsonObject)
            .GroupBy(r => r["message"]!["id"]!.GetValue<string>())
            .Select(g => g.Last()["message"]!["usage"]!)
            .ToArray();
        Assert.NotEmpty(usages);
        var fileInput = usages.Sum(u => L(u["input_tokens"]) + L(u["cache_read_input_tokens"]) + L(u["cache_creation_input_tokens"]));
        var fileCached = usages.Sum(u => L(u["cache_read_input_tokens"]));
        var fileOutput = usages.Sum(u => L(u["output_tokens"]));

        var lines = home.LogLines().Select(l => JsonNode.Parse(l)!).Where(l => l["path"]!.GetValue<string>() == "/v1/messages").ToArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(fileId, l["session_id"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.True(l["cost_usd"] is not null, l.ToJsonString())); // priced: a number, never a silent 0
        Assert.Equal(fileInput, lines.Sum(l => L(l["usage"]?["input_tokens"])));
        Assert.Equal(fileCached, lines.Sum(l => L(l["usage"]?["cached_input_tokens"])));
        Assert.Equal(fileOutput, lines.Sum(l => L(l["usage"]?["output_tokens"])));

        var list = await home.HelperAsync("session", "list", "--claude", "--path", home.Project, "--json");
        Assert.True(list.ExitCode == 0, list.All);
        var session = JsonNode.Parse(list.Out)!.AsArray().Single()!;
        Assert.Equal(fileId, session["id"]!.GetValue<string>());
        Assert.Equal("proxy", session["usage_source"]!.GetValue<string>());
        Assert.Equal(fileOutput, L(session["output_tokens"]));
    }

    [GeneratedRegex(@"tokens used\s*:?\s*([\d,]+)", RegexOptions.IgnoreCase)]
    private static partial Regex TokensUsed();
}

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

    [SkippableFact]
    public async Task Codex_session_in_the_log_has_the_rollouts_id_and_the_tokens_codex_recorded()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var upstream = await WireStubs.ResponsesAsync("Costed answer");
        var add = await home.HelperAsync("config", "add", "relay", "--base-url", upstream.BaseUrl + "/v1", "--auth-token", "sk-e2e-cost-0001", "--price-multiplier", "0.5", "--codex");
        Assert.True(add.ExitCode == 0, add.All);
        var port = FreePort.Get();
        var p = port.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, (await home.HelperAsync("switch", "on", "--codex", "--port", p)).ExitCode);
        ProcessResult codex;
        await using (var serve = await home.StartHelperAsync(port, "serve", "--codex", "--port", p))
        {
            codex = await home.CodexExecAsync("say hi");
            Assert.True(codex.ExitCode == 0, codex.All + "\n--- proxy ---\n" + serve.Output);
        }

        var rollout = Directory.EnumerateFiles(Path.Combine(home.CodexHome, "sessions"), "rollout-*.jsonl", SearchOption.AllDirectories).Single();
        var records = File.ReadLines(rollout).Select(l => JsonNode.Parse(l)!).ToArray();
        var rolloutId = records[0]["payload"]!["id"]!.GetValue<string>();
        var total = records.Last(r => r["payload"]?["type"]?.GetValue<string>() == "token_count" && r["payload"]!["info"] is JsonObject)["payload"]!["info"]!["total_token_usage"]!;
        var lines = home.LogLines().Select(l => JsonNode.Parse(l)!).Where(l => l["path"]!.GetValue<string>() == "/responses").ToArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(rolloutId, l["session_id"]!.GetValue<string>()));
        var input = lines.Sum(l => L(l["usage"]?["input_tokens"]));
        var cached = lines.Sum(l => L(l["usage"]?["cached_input_tokens"]));
        var output = lines.Sum(l => L(l["usage"]?["output_tokens"]));
        Assert.Equal(L(total["input_tokens"]), input);
        Assert.Equal(L(total["cached_input_tokens"]), cached);
        Assert.Equal(L(total["output_tokens"]), output);
        // Codex prints "tokens used" as input − cached + output.
        var printed = TokensUsed().Match(codex.All);
        Assert.True(printed.Success, codex.All);
        Assert.Equal(input - cached + output, long.Parse(printed.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture));

        var list = await home.HelperAsync("session", "list", "--path", home.Project, "--json");
        Assert.True(list.ExitCode == 0, list.All);
        var session = JsonNode.Parse(list.Out)!.AsArray().Single()!;
        Assert.Equal(rolloutId, session["id"]!.GetValue<string>());
        Assert.Equal("proxy", session["usage_source"]!.GetValue<string>());
        Assert.Equal(input, L(session["input_tokens"]));
        Assert.Equal(output, L(session["output_tokens"]));
        var logged = lines.Select(l => l["cost_usd"]).ToArray();
        Assert.All(logged, c => Assert.NotNull(c)); // the stub's model is priced: a number, with the multiplier applied
        Assert.Equal(logged.Sum(c => c!.GetValue<decimal>()), session["cost_usd"]!.GetValue<decimal>());
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

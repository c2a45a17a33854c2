using System.Text.Json.Nodes;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>
/// Claude Code's <c>/context</c> on a relay without <c>count_tokens</c>. Print mode runs the command (observed with
/// 2.1.332): it asks <c>POST /v1/messages/count_tokens?beta=true</c> once per part of the context (system prompt, each
/// tool, skills, messages) and prints the breakdown; the relay's 404 is answered by codex-helper's estimate.
/// </summary>
[Collection("real clients")]
public class ContextScenarioTests
{
    private const string ConfigKey = "sk-ant-e2e-context-9e41a0";

    [SkippableFact]
    public async Task Claude_code_context_shows_its_breakdown_on_a_relay_without_count_tokens_from_the_local_estimate()
    {
        _ = RealClients.Claude;
        using var home = new E2EHome();
        await using var relay = await OneProtocolRelay.StartAsync("anthropic");
        var add = await home.HelperAsync("config", "add", "relay", "--base-url", relay.BaseUrl, "--api-key", ConfigKey, "--claude");
        Assert.True(add.ExitCode == 0, add.All);
        var port = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var on = await home.HelperAsync("switch", "on", "--claude", "--port", port);
        Assert.True(on.ExitCode == 0, on.All);

        ProcessResult claude;
        await using (var serve = await home.StartHelperAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), "serve", "--claude", "--port", port))
        {
            claude = await home.ClaudeAsync("/context");
            Assert.True(claude.ExitCode == 0, claude.All + "\n--- proxy ---\n" + serve.Output);
        }

        Assert.Contains("Context Usage", claude.Out);
        Assert.Contains("System prompt", claude.Out);
        Assert.Contains("System tools", claude.Out);
        Assert.Matches(@"Tokens:\*{0,2}\s*[\d.]+k? / ", claude.Out);
        var counted = relay.Requests.Where(r => r.Path == "/v1/messages/count_tokens").ToArray();
        Assert.NotEmpty(counted);
        var lines = home.LogLines().Select(l => JsonNode.Parse(l)!).Where(l => l["path"]!.GetValue<string>() == "/v1/messages/count_tokens").ToArray();
        Assert.Equal(counted.Length, lines.Length);
        Assert.All(lines, l =>
        {
            Assert.Equal(200, l["status_code"]!.GetValue<int>());
            Assert.Contains(l["translation_dropped"]!.AsArray(), n => n!.GetValue<string>().StartsWith("count_tokens answered by codex-helper with an estimate", StringComparison.Ordinal));
        });
        Assert.DoesNotContain(ConfigKey, string.Join("\n", home.LogLines()));
    }
}

using System.Text.Json.Nodes;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>The real Claude Code (pinned in .e2e/package.json) through codex-helper.</summary>
[Collection("real clients")]
public class ClaudeScenarioTests
{
    private const string ConfigKey = "sk-ant-e2e-config-4c1d77";

    [SkippableFact]
    public async Task Claude_code_answers_through_the_proxy_and_switch_off_restores_settings_byte_for_byte()
    {
        _ = RealClients.Claude;
        using var home = new E2EHome();
        await using var upstream = await WireStubs.AnthropicAsync("Hello from the anthropic stub");
        var settingsPath = Path.Combine(home.ClaudeHome, "settings.json");
        const string original = "{\n  \"model\": \"sonnet\",\n  \"env\": {\n    \"ANTHROPIC_API_KEY\": \"dummy-client-key\",\n    \"SOME_OTHER\": \"1\"\n  },\n  \"permissions\": { \"allow\": [\"Bash(ls:*)\"] }\n}\n";
        File.WriteAllText(settingsPath, original);
        var add = await home.HelperAsync("config", "add", "anthropic", "--base-url", upstream.BaseUrl, "--api-key", ConfigKey, "--claude");
        Assert.True(add.ExitCode == 0, add.All);
        var port = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var on = await home.HelperAsync("switch", "on", "--claude", "--port", port);
        Assert.True(on.ExitCode == 0, on.All);
        Assert.Contains($"http://127.0.0.1:{port}", File.ReadAllText(settingsPath));

        ProcessResult claude;
        await using (var serve = await home.StartHelperAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), "serve", "--claude", "--port", port))
        {
            claude = await home.ClaudeAsync("say hi");
            Assert.True(claude.ExitCode == 0, claude.All + "\n--- proxy ---\n" + serve.Output);
        }

        Assert.Contains("Hello from the anthropic stub", claude.Out);
        var messages = upstream.Requests.Where(r => r.Path == "/v1/messages").ToArray();
        Assert.NotEmpty(messages);
        Assert.All(messages, r => Assert.Equal(ConfigKey, r.Header("x-api-key")));
        var line = home.LogLines().Select(l => JsonNode.Parse(l)!).Last(l => l["path"]!.GetValue<string>() == "/v1/messages");
        Assert.Equal(WireStubs.InputTokens + WireStubs.CachedTokens, line["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(WireStubs.CachedTokens, line["usage"]!["cached_input_tokens"]!.GetValue<long>());
        Assert.Equal(WireStubs.OutputTokens, line["usage"]!["output_tokens"]!.GetValue<long>());

        var off = await home.HelperAsync("switch", "off", "--claude");
        Assert.True(off.ExitCode == 0, off.All);
        Assert.Equal(original, File.ReadAllText(settingsPath));
    }
}

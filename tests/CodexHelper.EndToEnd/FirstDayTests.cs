using System.Globalization;
using System.Text.Json.Nodes;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>A new user's first day: a local relay kept, a second `ch` that changes nothing.</summary>
[Collection("real clients")]
public class FirstDayTests
{
    [SkippableFact]
    public async Task Claude_codes_loopback_relay_is_an_upstream_to_derive_from_and_is_never_removed()
    {
        _ = RealClients.Claude;
        using var home = new E2EHome();
        await using var relay = await WireStubs.AnthropicAsync("Answer from the local relay");
        var settingsPath = Path.Combine(home.ClaudeHome, "settings.json");
        // A relay on loopback, as people run claude-code-router, LiteLLM or one-api locally.
        var original = "{\"env\":{\"ANTHROPIC_BASE_URL\":\"" + relay.BaseUrl + "\",\"ANTHROPIC_AUTH_TOKEN\":\"sk-local-relay-token-77aa\"}}";
        File.WriteAllText(settingsPath, original);

        // switch off on a file codex-helper never touched changes nothing.
        var off = await home.HelperAsync("switch", "off", "--claude");
        Assert.True(off.ExitCode == 0, off.All);
        Assert.Equal(original, File.ReadAllText(settingsPath));
        Assert.Contains("claude: switch off", (await home.HelperAsync("switch", "status", "--claude")).Out);

        var port = FreePort.Get();
        home.Env["CODEX_HELPER_CLAUDE_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        await using (var helper = await home.StartHelperAsync(port, "--claude"))
        {
            var claude = await home.ClaudeAsync("say hi");
            Assert.True(claude.ExitCode == 0, claude.All + "\n--- helper ---\n" + helper.Output);
            Assert.Contains("Answer from the local relay", claude.Out);
            Assert.Contains(relay.Requests, r => r.Path == "/v1/messages" && r.Header("authorization") == "Bearer sk-local-relay-token-77aa");
            Assert.Equal(0, await helper.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(original, File.ReadAllText(settingsPath));
        Assert.Contains(home.LogLines(), l => JsonNode.Parse(l)!["path"]!.GetValue<string>() == "/v1/messages");
    }

    [SkippableFact]
    public async Task A_second_ch_while_the_first_runs_changes_nothing_and_codex_keeps_using_the_first()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var upstream = await WireStubs.ResponsesAsync("Still through the first proxy");
        var tomlPath = Path.Combine(home.CodexHome, "config.toml");
        File.WriteAllText(tomlPath, $"""
            model_provider = "relay"

            [model_providers.relay]
            name = "Relay"
            base_url = "{upstream.BaseUrl}/v1"
            env_key = "RELAY_KEY"
            wire_api = "responses"

            """);
        var original = File.ReadAllBytes(tomlPath);
        home.Env["RELAY_KEY"] = "sk-relay-key-0c0c";
        var port = FreePort.Get();
        home.Env["CODEX_HELPER_CODEX_PORT"] = port.ToString(CultureInfo.InvariantCulture);

        await using (var first = await home.StartHelperAsync(port))
        {
            var switched = File.ReadAllBytes(tomlPath);
            var backup = File.ReadAllBytes(tomlPath + ".codex-helper-backup");

            var second = await home.HelperAsync();

            Assert.Equal(1, second.ExitCode);
            Assert.Contains($"already runs on 127.0.0.1:{port}", second.Error);
            Assert.Contains("nothing was changed", second.Error);
            Assert.DoesNotContain("Exception", second.All);
            Assert.Equal(switched, File.ReadAllBytes(tomlPath));
            Assert.Equal(backup, File.ReadAllBytes(tomlPath + ".codex-helper-backup"));

            var codex = await home.CodexExecAsync("say hi");
            Assert.True(codex.ExitCode == 0, codex.All + "\n--- first ---\n" + first.Output);
            Assert.Contains("Still through the first proxy", codex.Out);
            Assert.Contains(home.LogLines(), l => JsonNode.Parse(l)!["path"]!.GetValue<string>() == "/responses");
            Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(original, File.ReadAllBytes(tomlPath));
    }
}

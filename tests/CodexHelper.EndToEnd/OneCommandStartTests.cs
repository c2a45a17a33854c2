using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary><c>codex-helper</c> with no arguments: switch on, serve, and on SIGTERM leave ~/.codex exactly as it was.</summary>
[Collection("real clients")]
public class OneCommandStartTests
{
    [SkippableFact]
    public async Task No_argument_start_serves_codex_and_sigterm_restores_config_toml_byte_for_byte()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var upstream = await WireStubs.ResponsesAsync("One command is enough");
        var configToml = Path.Combine(home.CodexHome, "config.toml");
        // The user's own setup: a custom provider with a key in an environment variable, comments and profiles.
        var original = $"""
            # my codex setup
            model = "gpt-5"
            model_provider = "relay"   # the relay I pay for

            [model_providers.relay]
            name = "My relay"
            base_url = "{upstream.BaseUrl}/v1"
            env_key = "MY_RELAY_KEY"
            wire_api = "responses"

            [profiles.fast]
            model = "gpt-5-mini"

            [projects."/home/me/app"]
            trust_level = "trusted"

            """;
        File.WriteAllText(configToml, original);
        home.Env["MY_RELAY_KEY"] = "sk-relay-key-from-env-9d8e";

        // A free port instead of 3211, so that a developer's own running proxy does not collide with the test.
        var port = FreePort.Get();
        home.Env["CODEX_HELPER_CODEX_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var helper = await home.StartHelperAsync(port))
        {
            var codex = await home.CodexExecAsync("say hi");
            Assert.True(codex.ExitCode == 0, codex.All + "\n--- helper ---\n" + helper.Output);
            Assert.Contains("One command is enough", codex.Out);
            Assert.Contains(upstream.Requests, r => r.Header("authorization") == "Bearer sk-relay-key-from-env-9d8e");

            var exit = await helper.TerminateAsync(TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, helper.Output);
        }

        Assert.Equal(original, File.ReadAllText(configToml));
    }
}

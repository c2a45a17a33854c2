using System.Text.Json.Nodes;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>
/// The real clients through codex-helper to relays that speak exactly one other protocol (404 on the client's own
/// path): a relay asks for the client's shell tool, the client runs it, and the relay sees its output come back.
/// </summary>
[Collection("real clients")]
public class TranslationScenarioTests
{
    private const string ConfigKey = "sk-e2e-translate-5d2b91";

    private static async Task<BackgroundProcess> ServeAsync(E2EHome home, string service, OneProtocolRelay relay)
    {
        var flag = "--" + service;
        var add = await home.HelperAsync("config", "add", "relay", "--base-url", relay.BaseUrl, "--auth-token", ConfigKey, "--protocol", relay.Protocol, flag);
        Assert.True(add.ExitCode == 0, add.All);
        var port = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var on = await home.HelperAsync("switch", "on", flag, "--port", port);
        Assert.True(on.ExitCode == 0, on.All);
        return await home.StartHelperAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), "serve", flag, "--port", port);
    }

    private static JsonNode LastTurnLine(E2EHome home, string path) =>
        home.LogLines().Select(l => JsonNode.Parse(l)!).Last(l => l["path"]!.GetValue<string>() == path && l["status_code"]!.GetValue<int>() == 200);

    [SkippableTheory]
    [InlineData("chat")]
    [InlineData("anthropic")]
    public async Task Codex_runs_a_tool_through_a_relay_of_another_protocol(string protocol)
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var relay = await OneProtocolRelay.StartAsync(protocol);
        await using var serve = await ServeAsync(home, "codex", relay);

        // gpt-5.1-codex is given the plain exec_command function tool (the newest default model gets a JavaScript "code mode" tool instead).
        var codex = await home.CodexAsync("exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "-m", "gpt-5.1-codex", "Please " + OneProtocolRelay.ToolPrompt);

        var seen = string.Join("\n--- turn ---\n", relay.Turns.Select(t => "tools: " + string.Join(", ", (JsonNode.Parse(t.Body)?["tools"] as JsonArray ?? []).Select(x => (string?)(x?["function"]?["name"] ?? x?["name"])))
            + "\nlast: " + (JsonNode.Parse(t.Body)?["messages"] as JsonArray)?.LastOrDefault()?.ToJsonString()
            + "\nfirst tool: " + (JsonNode.Parse(t.Body)?["tools"] as JsonArray)?.FirstOrDefault()?.ToJsonString()));
        Assert.True(codex.ExitCode == 0, codex.All + "\n--- proxy ---\n" + serve.Output);
        Assert.True(codex.Out.Contains(OneProtocolRelay.ToolSeen, StringComparison.Ordinal), codex.All + "\n--- relay saw ---\n" + seen);
        Assert.Contains("tool-ran-ok", codex.Out);
        var turns = relay.Turns.ToArray();
        Assert.True(turns.Length >= 2, $"{turns.Length} turns");
        Assert.Contains("tool-ran-ok", turns[^1].BodyText);
        Assert.DoesNotContain(relay.Requests, r => r.Path.EndsWith("/responses", StringComparison.Ordinal));
        var line = LastTurnLine(home, "/responses");
        Assert.Equal(protocol, line["upstream_protocol"]!.GetValue<string>());
        Assert.Equal(OneProtocolRelay.InputTokens, line["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(OneProtocolRelay.OutputTokens, line["usage"]!["output_tokens"]!.GetValue<long>());
        Assert.DoesNotContain(ConfigKey, string.Join("\n", home.LogLines()));
    }

    [SkippableTheory]
    [InlineData("chat")]
    [InlineData("responses")]
    public async Task Claude_code_runs_a_tool_through_a_relay_of_another_protocol(string protocol)
    {
        _ = RealClients.Claude;
        using var home = new E2EHome();
        await using var relay = await OneProtocolRelay.StartAsync(protocol);
        await using var serve = await ServeAsync(home, "claude", relay);

        var claude = await home.ClaudeAsync("Please " + OneProtocolRelay.ToolPrompt, "--allowedTools", "Bash(echo:*)");

        Assert.True(claude.ExitCode == 0, claude.All + "\n--- proxy ---\n" + serve.Output);
        Assert.Contains(OneProtocolRelay.ToolSeen, claude.Out);
        Assert.Contains("tool-ran-ok", claude.Out);
        Assert.Contains("tool-ran-ok", relay.Turns.Last().BodyText);
        Assert.DoesNotContain(relay.Requests, r => r.Path == "/v1/messages");
        var line = LastTurnLine(home, "/v1/messages");
        Assert.Equal(protocol, line["upstream_protocol"]!.GetValue<string>());
        Assert.Equal(OneProtocolRelay.InputTokens, line["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(OneProtocolRelay.OutputTokens, line["usage"]!["output_tokens"]!.GetValue<long>());
    }

    [SkippableFact]
    public async Task Codex_compacts_a_long_session_through_a_chat_relay_and_continues()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        await using var serve = await ServeAsync(home, "codex", relay);
        // The relay reports 1234 input tokens a turn: with a limit of 1000, Codex compacts before its next turn.
        string[] common = ["--skip-git-repo-check", "-m", "gpt-5.1-codex", "-c", "model_auto_compact_token_limit=1000"];

        var first = await home.CodexAsync(["exec", .. common, "say hi"]);
        Assert.True(first.ExitCode == 0, first.All + "\n--- proxy ---\n" + serve.Output);
        var second = await home.CodexAsync(["exec", .. common, "resume", "--last", "say hi again"]);

        Assert.True(second.ExitCode == 0, second.All + "\n--- proxy ---\n" + serve.Output);
        Assert.DoesNotContain("compaction output item", second.All);
        Assert.Contains(OneProtocolRelay.Answer, second.Out);
        var turns = relay.Turns.Select(t => t.BodyText).ToArray();
        Assert.Contains(turns, t => t.Contains("Summarise the conversation", StringComparison.Ordinal));
        Assert.Contains("Summary of the conversation so far", turns[^1]);
    }
}

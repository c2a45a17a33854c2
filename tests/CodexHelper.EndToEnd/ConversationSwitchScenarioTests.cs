using System.Globalization;
using System.Text.Json.Nodes;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>
/// Issue 24 with the real clients: a two-turn session whose relay goes down between the turns continues on the backup
/// relay. Both relays mint reasoning state of their own (Responses <c>encrypted_content</c>, Anthropic thinking
/// signatures) and refuse state they did not mint with the providers' real 400s, so the second turn only succeeds if
/// the proxy leaves the first relay's state out of what the second one gets.
/// </summary>
[Collection("real clients")]
public class ConversationSwitchScenarioTests
{
    private const string KeyA = "sk-e2e-conv-a-7f31c2";
    private const string KeyB = "sk-e2e-conv-b-92d4e8";

    private static async Task<BackgroundProcess> ServeAsync(E2EHome home, string service, StatefulRelay a, StatefulRelay b)
    {
        var flag = "--" + service;
        var suffix = a.Anthropic ? "" : "/v1";
        var protocol = a.Anthropic ? "anthropic" : "responses";
        var add = await home.HelperAsync("config", "add", "relays", "--base-url", a.BaseUrl + suffix, "--auth-token", KeyA, "--protocol", protocol, flag);
        Assert.True(add.ExitCode == 0, add.All);
        var more = await home.HelperAsync("config", "add-upstream", "relays", "--base-url", b.BaseUrl + suffix, "--auth-token", KeyB, "--protocol", protocol, flag);
        Assert.True(more.ExitCode == 0, more.All);
        var port = FreePort.Get().ToString(CultureInfo.InvariantCulture);
        var on = await home.HelperAsync("switch", "on", flag, "--port", port);
        Assert.True(on.ExitCode == 0, on.All);
        return await home.StartHelperAsync(int.Parse(port, CultureInfo.InvariantCulture), "serve", flag, "--port", port);
    }

    private static string Saw(StatefulRelay relay) =>
        $"--- {relay.Name} saw ({string.Join(",", relay.Statuses)}) ---\n" + string.Join("\n", relay.Seen.Select(r => r.BodyText));

    private static JsonNode LastTurnLine(E2EHome home, string path) =>
        home.LogLines().Select(l => JsonNode.Parse(l)!).Last(l => l["path"]!.GetValue<string>() == path && l["status_code"]!.GetValue<int>() == 200);

    [SkippableFact]
    public async Task A_codex_session_resumed_after_its_relay_died_continues_on_the_backup_without_the_first_relays_state()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var a = await StatefulRelay.StartAsync("a", anthropic: false);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: false);
        await using var serve = await ServeAsync(home, "codex", a, b);
        string[] common = ["--skip-git-repo-check", "-m", "gpt-5.1-codex"];

        var first = await home.CodexAsync(["exec", .. common, "first question"]);
        Assert.True(first.ExitCode == 0, first.All + "\n--- proxy ---\n" + serve.Output);
        Assert.Contains("answer from a", first.Out);
        Assert.Empty(b.Seen);
        var servedByA = a.Seen.Count;

        a.Down = true;
        var second = await home.CodexAsync(["exec", .. common, "resume", "--last", "second question"]);

        Assert.True(second.ExitCode == 0, second.All + "\n--- proxy ---\n" + serve.Output + "\n" + Saw(a) + "\n" + Saw(b));
        Assert.Contains("answer from b", second.Out);
        // Codex replayed the reasoning item a minted: a was offered it (and answered 503), b never was.
        Assert.Contains(a.Seen.Skip(servedByA), r => r.BodyText.Contains("gAAAAA-a-1", StringComparison.Ordinal));
        Assert.Contains(503, a.Statuses);
        Assert.NotEmpty(b.Seen);
        Assert.All(b.Seen, r => Assert.DoesNotContain("gAAAAA-a-", r.BodyText, StringComparison.Ordinal));
        Assert.All(b.Statuses, s => Assert.Equal(200, s));
        Assert.Contains("first question", b.Seen[^1].BodyText);
        var line = LastTurnLine(home, "/responses");
        Assert.True(line["state_cleaned"]?.GetValue<int>() >= 1, line.ToJsonString());
    }

    [SkippableFact]
    public async Task A_claude_code_session_whose_relay_died_mid_tool_loop_continues_on_the_backup_without_the_first_relays_signature()
    {
        _ = RealClients.Claude;
        using var home = new E2EHome();
        // Claude Code sends a signed thinking block back within a tool loop (the API requires it before the tool_use),
        // not across user turns: so a calls a tool, and dies once it has answered.
        await using var a = await StatefulRelay.StartAsync("a", anthropic: true);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: true);
        a.CallsTool = true;
        a.SplitsSignature = false;
        b.SplitsSignature = false;
        a.DownAfterNextAnswer = true;
        await using var serve = await ServeAsync(home, "claude", a, b);

        var first = await home.ClaudeAsync("first question", "--allowedTools", "Bash(ls:*)");

        Assert.True(first.ExitCode == 0, first.All + "\n--- proxy ---\n" + serve.Output + "\n" + Saw(a) + "\n" + Saw(b));
        Assert.Contains("answer from b", first.Out);
        Assert.Equal([200, 503], a.Statuses);
        // Claude Code sent the thinking block a signed back with its tool result: a was offered it, b never was.
        var replayed = string.Join("\n", (JsonNode.Parse(a.Seen[1].BodyText)!["messages"] as JsonArray ?? []).Where(m => m?["role"]?.GetValue<string>() == "assistant").Select(m => m!.ToJsonString()));
        Assert.True(replayed.Contains("sig-a-1", StringComparison.Ordinal), replayed);
        Assert.Contains("tool_result", b.Seen[0].BodyText, StringComparison.Ordinal);

        var second = await home.ClaudeAsync("second question", "--continue");

        Assert.True(second.ExitCode == 0, second.All + "\n--- proxy ---\n" + serve.Output + "\n" + Saw(a) + "\n" + Saw(b));
        Assert.Contains("answer from b", second.Out);
        Assert.Contains("first question", b.Seen[^1].BodyText);
        Assert.Contains("second question", b.Seen[^1].BodyText);
        Assert.All(b.Seen, r => Assert.DoesNotContain("sig-a-", r.BodyText, StringComparison.Ordinal));
        Assert.All(b.Statuses, s => Assert.Equal(200, s));
        var cleaned = home.LogLines().Select(l => JsonNode.Parse(l)!).Where(l => l["path"]!.GetValue<string>() == "/v1/messages" && l["state_cleaned"] is not null);
        Assert.NotEmpty(cleaned);
    }
}

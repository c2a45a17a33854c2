using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>
/// The real Codex compacting a long session on a Responses relay that cannot compact and was not configured so
/// (default <c>"compaction": "native"</c>): the relay answers the compaction turn with an ordinary message, which
/// codex-helper keeps from Codex, asks the same relay for the emulation instead, and the session goes on.
/// </summary>
[Collection("real clients")]
public class CompactionScenarioTests
{
    private const string ConfigKey = "sk-e2e-compaction-31f7c2";

    [SkippableFact]
    public async Task Codex_compacts_a_long_session_on_a_responses_relay_without_compaction_and_continues()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var relay = await OneProtocolRelay.StartAsync("responses");
        var add = await home.HelperAsync("config", "add", "relay", "--base-url", relay.BaseUrl, "--auth-token", ConfigKey, "--codex");
        Assert.True(add.ExitCode == 0, add.All);
        var port = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var on = await home.HelperAsync("switch", "on", "--codex", "--port", port);
        Assert.True(on.ExitCode == 0, on.All);
        await using var serve = await home.StartHelperAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), "serve", "--codex", "--port", port);
        // The relay reports 1234 input tokens a turn: with a limit of 1000, Codex compacts before its next turn.
        string[] common = ["--skip-git-repo-check", "-m", "gpt-5.1-codex", "-c", "model_auto_compact_token_limit=1000"];

        var first = await home.CodexAsync(["exec", .. common, "say hi"]);
        Assert.True(first.ExitCode == 0, first.All + "\n--- proxy ---\n" + serve.Output);
        var second = await home.CodexAsync(["exec", .. common, "resume", "--last", "say hi again"]);

        var turns = relay.Turns.Select(t => t.BodyText).ToArray();
        var seen = string.Join("\n--- turn ---\n", turns.Select(t => t.Length > 600 ? t[^600..] : t));
        Assert.True(second.ExitCode == 0, second.All + "\n--- proxy ---\n" + serve.Output + "\n--- relay saw ---\n" + seen);
        Assert.DoesNotContain("compaction output item", second.All);
        Assert.Contains(OneProtocolRelay.Answer, second.Out);
        Assert.Contains(turns, t => t.Contains("compaction_trigger", StringComparison.Ordinal));
        Assert.Contains(turns, t => t.Contains("Summarise the conversation", StringComparison.Ordinal));
        Assert.Contains("Summary of the conversation so far", turns[^1]);
        Assert.Contains(home.LogLines(), l => l.Contains("answered without a compaction item", StringComparison.Ordinal));
    }
}

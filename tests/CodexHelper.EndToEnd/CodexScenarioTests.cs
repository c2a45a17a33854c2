using System.Text.Json.Nodes;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>The real Codex CLI (pinned in .e2e/package.json) through codex-helper, against stub upstreams on 127.0.0.1.</summary>
[Collection("real clients")]
public class CodexScenarioTests
{
    private const string ConfigKey = "sk-e2e-config-key-7f3a9c";

    private static async Task WriteConfigAsync(E2EHome home, params string[] upstreamUrls)
    {
        var first = await home.HelperAsync("config", "add", "e2e", "--base-url", upstreamUrls[0] + "/v1", "--auth-token", ConfigKey, "--codex");
        Assert.True(first.ExitCode == 0, first.All);
        foreach (var url in upstreamUrls.Skip(1))
        {
            var more = await home.HelperAsync("config", "add-upstream", "e2e", "--base-url", url + "/v1", "--auth-token", ConfigKey, "--codex");
            Assert.True(more.ExitCode == 0, more.All);
        }

        var active = await home.HelperAsync("config", "set-active", "e2e", "--codex");
        Assert.True(active.ExitCode == 0, active.All);
    }

    private static async Task<BackgroundProcess> SwitchOnAndServeAsync(E2EHome home)
    {
        var port = FreePort.Get();
        var on = await home.HelperAsync("switch", "on", "--codex", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(on.ExitCode == 0, on.All);
        Assert.Contains($"127.0.0.1:{port}", File.ReadAllText(Path.Combine(home.CodexHome, "config.toml")));
        return await home.StartHelperAsync(port, "serve", "--codex", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task Codex_completes_a_turn_through_the_proxy_with_the_configured_key_and_the_log_and_session_show_it()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var upstream = await WireStubs.ResponsesAsync("Hello from the stub relay");
        await WriteConfigAsync(home, upstream.BaseUrl);
        await using var serve = await SwitchOnAndServeAsync(home);

        var codex = await home.CodexExecAsync("say hi");

        Assert.True(codex.ExitCode == 0, codex.All + "\n--- proxy ---\n" + serve.Output);
        Assert.Contains("Hello from the stub relay", codex.Out);
        var seen = upstream.Requests.Where(r => r.Path == "/v1/responses").ToArray();
        Assert.NotEmpty(seen);
        Assert.All(seen, r => Assert.Equal("Bearer " + ConfigKey, r.Header("authorization")));
        var line = home.LogLines().Select(l => JsonNode.Parse(l)!).Last(l => l["path"]!.GetValue<string>() == "/responses");
        Assert.Equal(200, line["status_code"]!.GetValue<int>());
        Assert.Equal(WireStubs.InputTokens, line["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(WireStubs.OutputTokens, line["usage"]!["output_tokens"]!.GetValue<long>());
        Assert.Equal(WireStubs.CachedTokens, line["usage"]!["cached_input_tokens"]!.GetValue<long>());
        Assert.DoesNotContain(ConfigKey, string.Join("\n", home.LogLines()));
        Assert.DoesNotContain(ConfigKey, serve.Output);

        var rollout = Directory.EnumerateFiles(Path.Combine(home.CodexHome, "sessions"), "rollout-*.jsonl", SearchOption.AllDirectories).Single();
        var sessionId = JsonNode.Parse(File.ReadLines(rollout).First())!["payload"]!["id"]!.GetValue<string>();
        var last = await home.HelperAsync("session", "last", "--path", home.Project);
        Assert.True(last.ExitCode == 0, last.All);
        Assert.Contains($"codex resume {sessionId}", last.Out);
    }

    [SkippableFact]
    public async Task Codex_keeps_working_when_the_primary_upstream_answers_500()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var broken = await StubUpstream.JsonAsync(500, """{"error":{"message":"primary is down"}}""");
        await using var healthy = await WireStubs.ResponsesAsync("Answer from the backup relay");
        await WriteConfigAsync(home, broken.BaseUrl, healthy.BaseUrl);
        await using var serve = await SwitchOnAndServeAsync(home);

        var codex = await home.CodexExecAsync("say hi");

        Assert.True(codex.ExitCode == 0, codex.All + "\n--- proxy ---\n" + serve.Output);
        Assert.Contains("Answer from the backup relay", codex.Out);
        Assert.NotEmpty(broken.Requests);
        var line = home.LogLines().Select(l => JsonNode.Parse(l)!).First(l => l["path"]!.GetValue<string>() == "/responses");
        var attempts = line["attempts"]!.AsArray();
        Assert.Equal(500, attempts[0]!["status_code"]!.GetValue<int>());
        Assert.Equal(200, attempts[^1]!["status_code"]!.GetValue<int>());
        Assert.Equal(healthy.BaseUrl + "/v1", line["upstream_base_url"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_stream_cut_midway_fails_the_turn_and_the_proxy_keeps_serving()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var cutting = await WireStubs.ResponsesAsync("never complete", cutAfterTwoEvents: true);
        await WriteConfigAsync(home, cutting.BaseUrl);
        await using var serve = await SwitchOnAndServeAsync(home);

        var codex = await home.CodexExecAsync("say hi");

        Assert.True(codex.ExitCode != 0 || codex.All.Contains("error", StringComparison.OrdinalIgnoreCase), codex.All);
        Assert.DoesNotContain("never complete", codex.Out);
        // The stream broke between two events: Codex got a retryable response.failed and prints its reason.
        Assert.Contains("stream disconnected before completion: codex-helper: upstream stream broke off", codex.All);
        var failures = home.LogLines().Select(l => JsonNode.Parse(l)!).Where(l => l["error"] is not null).ToArray();
        Assert.NotEmpty(failures);
        Assert.Contains("broke off", failures[0]["error"]!.GetValue<string>());
        Assert.False(serve.HasExited);
        Assert.All(failures, f => Assert.Equal(200, f["status_code"]!.GetValue<int>()));
    }

    [SkippableFact]
    public async Task A_filter_rule_keeps_a_secret_from_ever_reaching_the_upstream()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var upstream = await WireStubs.ResponsesAsync("Filtered and fine");
        await WriteConfigAsync(home, upstream.BaseUrl);
        File.WriteAllText(Path.Combine(home.HelperHome, "filter.json"), """[{"op":"replace","source":"acme-internal.example","target":"[REDACTED]"}]""");
        await using var serve = await SwitchOnAndServeAsync(home);

        var codex = await home.CodexExecAsync("what is acme-internal.example?");

        Assert.True(codex.ExitCode == 0, codex.All + "\n--- proxy ---\n" + serve.Output);
        Assert.Contains("Filtered and fine", codex.Out);
        var bodies = upstream.Requests.Where(r => r.Path == "/v1/responses").Select(r => r.BodyText).ToArray();
        Assert.NotEmpty(bodies);
        Assert.All(bodies, b => Assert.DoesNotContain("acme-internal.example", b));
        Assert.Contains(bodies, b => b.Contains("[REDACTED]", StringComparison.Ordinal));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>
/// A team member's machine and the team's gateway, each with its own homes: the gateway (<c>serve --gateway</c>, a real
/// process) holds the relay key and a client token from <c>token add</c>; the member runs
/// <c>switch on --remote URL --token-env VAR</c> and the real Codex CLI / Claude Code with VAR set.
/// </summary>
[Collection("real clients")]
public class GatewayMemberScenarioTests
{
    private const string RelayKey = "sk-e2e-relay-key-held-by-the-gateway-91ab";
    private const string TokenVariable = "TEAM_GATEWAY_TOKEN";

    /// <summary>A member's own Codex setup: a relay provider with its own env_key (replaced while remote, put back after).</summary>
    private const string MemberConfigToml = """
        # my codex config
        model = "gpt-5"
        model_provider = "myrelay"   # keep this comment

        [model_providers.myrelay]
        name = "My relay"
        base_url = "https://relay.example.com/v1"
        env_key = "MY_RELAY_KEY"
        wire_api = "responses"

        [profiles.fast]
        model = "gpt-5-mini"

        """;

    private const string MemberSettingsJson = "{\n  \"model\": \"sonnet\",\n  \"env\": {\n    \"SOME_OTHER\": \"1\"\n  },\n  \"permissions\": { \"allow\": [\"Bash(ls:*)\"] }\n}\n";

    private sealed record Gateway(E2EHome Home, BackgroundProcess Process, string Url, string Token) : IAsyncDisposable
    {
        public string LogPath => Path.Combine(Home.HelperHome, "logs", "requests.gw1.jsonl");

        public JsonNode[] LogLines() => File.Exists(LogPath) ? File.ReadAllLines(LogPath).Select(l => JsonNode.Parse(l)!).ToArray() : [];

        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            Home.Dispose();
        }
    }

    private static async Task<Gateway> StartGatewayAsync(string service, string upstreamBaseUrl)
    {
        var home = new E2EHome();
        var flag = "--" + service;
        var add = service == "codex"
            ? await home.HelperAsync("config", "add", "team", "--base-url", upstreamBaseUrl, "--auth-token", RelayKey, flag)
            : await home.HelperAsync("config", "add", "team", "--base-url", upstreamBaseUrl, "--api-key", RelayKey, flag);
        Assert.True(add.ExitCode == 0, add.All);
        var active = await home.HelperAsync("config", "set-active", "team", flag);
        Assert.True(active.ExitCode == 0, active.All);
        var token = await home.HelperAsync("token", "add", "alice", flag);
        Assert.True(token.ExitCode == 0, token.All);
        var value = token.Out.Trim();
        Assert.StartsWith("chg-", value, StringComparison.Ordinal);

        var port = FreePort.Get().ToString(CultureInfo.InvariantCulture);
        var process = await home.StartGatewayAsync(int.Parse(port, CultureInfo.InvariantCulture),
            "serve", "--gateway", flag, "--host", "127.0.0.1", "--port", port, "--instance", "gw1");
        return new Gateway(home, process, $"http://127.0.0.1:{port}", value);
    }

    [SkippableFact]
    public async Task Codex_reaches_the_gateway_with_the_token_from_the_variable_a_wrong_token_gets_a_clear_401_and_switch_off_restores_the_file()
    {
        _ = RealClients.Codex;
        await using var upstream = await WireStubs.ResponsesAsync("Hello through the team gateway");
        await using var gateway = await StartGatewayAsync("codex", upstream.BaseUrl + "/v1");
        using var member = new E2EHome();
        var configPath = Path.Combine(member.CodexHome, "config.toml");
        File.WriteAllText(configPath, MemberConfigToml);
        var original = File.ReadAllBytes(configPath);

        member.Env[TokenVariable] = gateway.Token;
        var on = await member.HelperAsync("switch", "on", "--codex", "--remote", gateway.Url, "--token-env", TokenVariable);
        Assert.True(on.ExitCode == 0, on.All);
        Assert.DoesNotContain(gateway.Token, File.ReadAllText(configPath), StringComparison.Ordinal);

        var codex = await member.CodexExecAsync("say hi");

        Assert.True(codex.ExitCode == 0, codex.All + "\n--- gateway ---\n" + gateway.Process.Output);
        Assert.Contains("Hello through the team gateway", codex.Out, StringComparison.Ordinal);
        var seen = upstream.Requests.Where(r => r.Path == "/v1/responses").ToArray();
        Assert.NotEmpty(seen);
        Assert.All(seen, r => Assert.Equal("Bearer " + RelayKey, r.Header("authorization")));
        var line = gateway.LogLines().Last(l => l["path"]!.GetValue<string>() == "/responses");
        Assert.Equal(200, line["status_code"]!.GetValue<int>());
        Assert.Equal("alice", line["client_token"]!.GetValue<string>());
        Assert.DoesNotContain(gateway.Token, File.ReadAllText(gateway.LogPath), StringComparison.Ordinal);

        var before = upstream.Requests.Count;
        member.Env[TokenVariable] = "chg-not-a-token-of-this-gateway";
        var refused = await member.CodexExecAsync("say hi again");

        // Codex prints the gateway's JSON error message as it is.
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("ERROR: codex-helper gateway: missing or unknown client token", refused.All, StringComparison.Ordinal);
        Assert.Equal(before, upstream.Requests.Count);

        // The gateway serves no dashboard: behind a reverse proxy every request is a loopback one.
        using (var http = new HttpClient())
        using (var page = await http.GetAsync(gateway.Url + "/__codex_helper/ui"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, page.StatusCode);
        }

        var off = await member.HelperAsync("switch", "off", "--codex");
        Assert.True(off.ExitCode == 0, off.All);
        Assert.Equal(original, File.ReadAllBytes(configPath));
    }

    [SkippableFact]
    public async Task Claude_code_reaches_the_gateway_through_api_key_helper_a_wrong_token_gets_a_clear_401_and_switch_off_restores_the_file()
    {
        _ = RealClients.Claude;
        await using var upstream = await WireStubs.AnthropicAsync("Hello through the claude gateway");
        await using var gateway = await StartGatewayAsync("claude", upstream.BaseUrl);
        using var member = new E2EHome();
        var settingsPath = Path.Combine(member.ClaudeHome, "settings.json");
        File.WriteAllText(settingsPath, MemberSettingsJson);
        var original = File.ReadAllBytes(settingsPath);

        member.Env[TokenVariable] = gateway.Token;
        var on = await member.HelperAsync("switch", "on", "--claude", "--remote", gateway.Url, "--token-env", TokenVariable);
        Assert.True(on.ExitCode == 0, on.All);
        Assert.DoesNotContain(gateway.Token, File.ReadAllText(settingsPath), StringComparison.Ordinal);

        var claude = await member.ClaudeAsync("say hi");

        Assert.True(claude.ExitCode == 0, claude.All + "\n--- gateway ---\n" + gateway.Process.Output);
        Assert.Contains("Hello through the claude gateway", claude.Out, StringComparison.Ordinal);
        var messages = upstream.Requests.Where(r => r.Path == "/v1/messages").ToArray();
        Assert.NotEmpty(messages);
        Assert.All(messages, r => Assert.Equal(RelayKey, r.Header("x-api-key")));
        Assert.All(upstream.Requests, r => Assert.DoesNotContain(gateway.Token, r.Header("authorization") ?? "", StringComparison.Ordinal));
        var line = gateway.LogLines().Last(l => l["path"]!.GetValue<string>() == "/v1/messages");
        Assert.Equal(200, line["status_code"]!.GetValue<int>());
        Assert.Equal("alice", line["client_token"]!.GetValue<string>());

        var before = upstream.Requests.Count;
        member.Env[TokenVariable] = "chg-not-a-token-of-this-gateway";
        var refused = await member.ClaudeAsync("say hi again");

        // Claude Code 2.1.332 would resend a 401 for an apiKeyHelper key for minutes; the gateway's 412 it shows at
        // once, with the gateway's reason. The log keeps the refusal as the 401 it is.
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("API Error: 412 codex-helper gateway: missing or unknown client token", refused.All, StringComparison.Ordinal);
        Assert.Equal(before, upstream.Requests.Count);
        var refusedLine = gateway.LogLines().Last(l => l["path"]!.GetValue<string>() == "/v1/messages");
        Assert.Equal(401, refusedLine["status_code"]!.GetValue<int>());
        Assert.Equal("rejected", refusedLine["outcome"]!.GetValue<string>());

        var off = await member.HelperAsync("switch", "off", "--claude");
        Assert.True(off.ExitCode == 0, off.All);
        Assert.Equal(original, File.ReadAllBytes(settingsPath));
    }
}

using System.Text.Json.Nodes;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>
/// Codex binds every session to its model_provider id. Switching keeps that id (the provider's own base_url, or
/// openai_base_url for the built-in openai provider, points at the proxy), so a session started through the proxy
/// resumes after `switch off`, and one started before resumes through the proxy.
/// </summary>
[Collection("real clients")]
public class ResumeAcrossSwitchTests
{
    [SkippableFact]
    public Task A_custom_provider_session_resumes_with_and_without_the_proxy() => RoundTripAsync(upstreamUrl => $"""
        # my setup
        model = "gpt-5"
        model_provider = "myrelay"   # keep me

        [model_providers.myrelay]
        name = "My relay"
        base_url = "{upstreamUrl}/v1"
        env_key = "MY_RELAY_KEY"
        wire_api = "responses"

        """);

    [SkippableFact]
    public Task A_builtin_openai_session_resumes_with_and_without_the_proxy() => RoundTripAsync(upstreamUrl => $"""
        model = "gpt-5"
        openai_base_url = "{upstreamUrl}/v1"

        """);

    private static async Task RoundTripAsync(Func<string, string> configToml)
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var upstream = await WireStubs.ResponsesAsync("Resumable answer");
        var tomlPath = Path.Combine(home.CodexHome, "config.toml");
        var original = configToml(upstream.BaseUrl);
        File.WriteAllText(tomlPath, original);
        File.WriteAllText(Path.Combine(home.CodexHome, "auth.json"), """{"OPENAI_API_KEY":"sk-auth-json-key-5c1e"}""");
        home.Env["MY_RELAY_KEY"] = "sk-relay-key-from-env-9d8e";

        // 1. A session made before codex-helper ever ran.
        var before = await home.CodexExecAsync("first, directly");
        Assert.True(before.ExitCode == 0, before.All);
        var direct = NewestSessionId(home);

        // Codex tries a Responses WebSocket first for the openai provider; through the proxy none may reach the upstream.
        var upgradesBefore = upstream.Requests.Count(r => r.Header("upgrade") is not null);
        var port = FreePort.Get();
        home.Env["CODEX_HELPER_CODEX_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string throughProxy;
        await using (var helper = await home.StartHelperAsync(port))
        {
            // 2. It resumes through the proxy, and a new session is made through it.
            var resumed = await home.CodexAsync("exec", "--skip-git-repo-check", "resume", direct, "again, through the proxy");
            Assert.True(resumed.ExitCode == 0, resumed.All + "\n--- helper ---\n" + helper.Output);
            Assert.Contains("Resumable answer", resumed.Out);
            var proxied = await home.CodexExecAsync("second, through the proxy");
            Assert.True(proxied.ExitCode == 0, proxied.All + "\n--- helper ---\n" + helper.Output);
            throughProxy = NewestSessionId(home);
            Assert.NotEqual(direct, throughProxy);
            Assert.True(home.LogLines().Count(l => JsonNode.Parse(l)!["path"]!.GetValue<string>() == "/responses") >= 2, string.Join("\n", home.LogLines()));

            var last = await home.HelperAsync("session", "last", "--path", home.Project);
            Assert.True(last.ExitCode == 0, last.All);
            Assert.EndsWith($"codex resume {throughProxy}", last.Out.TrimEnd());

            Assert.Equal(0, await helper.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(original, File.ReadAllText(tomlPath));
        Assert.Equal(upgradesBefore, upstream.Requests.Count(r => r.Header("upgrade") is not null));

        // 3. With the proxy gone, the session made through it resumes against the provider directly.
        var logged = home.LogLines().Length;
        var after = await home.CodexAsync("exec", "--skip-git-repo-check", "resume", throughProxy, "again, directly");
        Assert.True(after.ExitCode == 0, after.All);
        Assert.Contains("Resumable answer", after.Out);
        Assert.Equal(logged, home.LogLines().Length);
    }

    private static string NewestSessionId(E2EHome home)
    {
        var rollout = Directory.EnumerateFiles(Path.Combine(home.CodexHome, "sessions"), "rollout-*.jsonl", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        return JsonNode.Parse(File.ReadLines(rollout).First())!["payload"]!["id"]!.GetValue<string>();
    }
}

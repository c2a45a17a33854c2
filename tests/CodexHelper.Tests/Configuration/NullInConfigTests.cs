using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Configuration;

/// <summary>Any config.json that parses as JSON either loads or is reported as one line naming the file and the place — by every command and by a running proxy.</summary>
public sealed class NullInConfigTests
{
    private const string Upstream = """{ "base_url": "https://relay.example/v1" }""";

    public static TheoryData<string, string?> Files() => new()
    {
        // JSON, and the problem reported (null: it loads)
        { """{ "codex": null }""", null },
        { """{ "codex": { "configs": null }, "claude": null, "routing": null, "default_service": null }""", null },
        { $$"""{ "codex": { "active": null, "configs": { "a": { "name": null, "alias": null, "upstreams": [ {{Upstream}} ] } } } }""", null },
        { """{ "codex": { "configs": { "a": { "upstreams": null } } } }""", null },
        { """{ "codex": { "configs": { "a": { "upstreams": [ { "base_url": "https://r.example", "auth": null, "tags": null } ] } } } }""", null },
        { """{ "codex": { "configs": { "a": null } } }""", "codex.configs.a is null" },
        { """{ "claude": { "configs": { "a": { "upstreams": [ null ] } } } }""", "claude.configs.a.upstreams[0] is null" },
        { """{ "codex": { "configs": { "a": { "upstreams": [ { "base_url": null } ] } } } }""", "codex.configs.a.upstreams[0].base_url: missing URL" },
        { """{ "codex": { "configs": { "a": { "upstreams": [ { "base_url": "https://r.example", "tags": { "k": null } } ] } } } }""", "tags.k is null" },
        { "null", "expected a JSON object, found null" },
        { """{ "version": null }""", "invalid JSON" },
        { """{ "routing": { "failure_threshold": null } }""", "invalid JSON" },
        { """{ "routing": { "session_affinity": "yes" } }""", "invalid JSON" },
        { """{ "routing": { "session_affinity": false } }""", null },
        { """{ "codex": [] }""", "invalid JSON" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_command_loads_it_or_says_what_is_wrong_in_one_line(string json, string? problem)
    {
        string[][] commands =
        [
            ["config", "list"], ["config", "list", "--json"], ["status"], ["status", "--json"], ["doctor"], ["default"],
            ["switch", "status"], ["config", "add", "n", "--base-url", "https://n.example"], ["usage", "summary"],
        ];
        foreach (var args in commands)
        {
            using var home = new TempHome();
            TestConfig.WriteRaw(home, json);

            var run = await home.RunAsync(args);

            var said = run.Out + run.Error;
            Assert.DoesNotContain("Exception", said);
            Assert.DoesNotContain("   at ", said);
            if (problem is not null && args[0] is "config" or "default")
            {
                Assert.NotEqual(0, run.ExitCode);
                var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Contains(home.Paths.ConfigJson, line);
                Assert.Contains(problem, line);
                Assert.Equal(json, File.ReadAllText(home.Paths.ConfigJson));
            }
            else if (problem is not null && args[0] is "status" or "doctor")
            {
                Assert.Contains(problem, said);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_store_loads_it_or_throws_the_one_line(string json, string? problem)
    {
        var store = new ConfigStore(Path.Combine(Path.GetTempPath(), "never-written.json"), "unused");
        if (problem is null)
        {
            Assert.NotNull(ConfigStore.Parse(System.Text.Encoding.UTF8.GetBytes(json), "config.json"));
            return;
        }

        var ex = Assert.Throws<UserFacingException>(() => ConfigStore.Parse(System.Text.Encoding.UTF8.GetBytes(json), "config.json"));
        Assert.StartsWith("config.json", ex.Message);
        Assert.Contains(problem, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.False(File.Exists(store.FilePath));
    }

    [Fact]
    public async Task A_running_proxy_survives_null_edits_and_picks_up_the_next_valid_one_and_flushes_its_log()
    {
        using var home = new TempHome();
        await using var a = await StubUpstream.JsonAsync(200, """{"from":"a"}""");
        await using var b = await StubUpstream.JsonAsync(200, """{"from":"b"}""");
        TestConfig.Write(home, ServiceKind.Codex, "a", (a.BaseUrl, null, null));
        var proxy = await ProxyHarness.StartAsync(home);
        try
        {
            foreach (var edit in new[] { """{ "codex": { "configs": { "a": null } } }""", """{ "codex": { "configs": { "a": { "upstreams": [ null ] } } } }""" })
            {
                TestConfig.WriteRaw(home, edit);
                await Eventually.True(async () => (await proxy.ConsoleTextAsync()).Contains("is null"));
                using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("\"a\"", await response.Content.ReadAsStringAsync());
            }

            TestConfig.Write(home, ServiceKind.Codex, "b", (b.BaseUrl, null, null));
            await Eventually.True(async () =>
                (await (await proxy.Client.PostAsync("/responses", new StringContent("{}"))).Content.ReadAsStringAsync()).Contains("\"b\""));
        }
        finally
        {
            await proxy.DisposeAsync();
        }

        // Every request made it into the log before shutdown finished.
        var lines = File.ReadAllLines(home.Paths.RequestLog);
        Assert.True(lines.Length >= 3, $"{lines.Length} log lines");
        Assert.Contains(lines, l => l.Contains(b.BaseUrl, StringComparison.Ordinal));
    }
}

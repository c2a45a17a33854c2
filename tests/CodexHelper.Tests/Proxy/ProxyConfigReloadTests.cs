using System.Net;
using System.Text.RegularExpressions;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

public sealed class ProxyConfigReloadTests
{
    private static string Config(string codexActive, string codexUrl, string claudeActive) =>
        "{\"version\":1,\"codex\":{\"active\":\"" + codexActive + "\",\"configs\":{\"a\":{\"name\":\"a\",\"upstreams\":[{\"base_url\":\"" + codexUrl + "\",\"auth\":{}}]}}},"
        + "\"claude\":{\"active\":\"" + claudeActive + "\",\"configs\":{\"c1\":{\"upstreams\":[{\"base_url\":\"https://c1.example\",\"auth\":{}}]},"
        + "\"c2\":{\"upstreams\":[{\"base_url\":\"https://c2.example\",\"auth\":{}}]}}}}";

    [Fact]
    public async Task An_edit_to_the_other_service_only_prints_no_config_reloaded_line()
    {
        using var home = new TempHome();
        await using var a = await StubUpstream.JsonAsync(200, """{"from":"a"}""");
        await using var b = await StubUpstream.JsonAsync(200, """{"from":"b"}""");
        TestConfig.WriteRaw(home, Config("a", a.BaseUrl, "c1"));
        await using var proxy = await ProxyHarness.StartAsync(home);
        var read = proxy.Server.Runtime.Configs.VersionsRead;

        // Claude Code's active config changes (and the file grows, so the watcher surely sees a new version).
        TestConfig.WriteRaw(home, Config("a", a.BaseUrl, "c2") + "\n");
        await Eventually.True(() => proxy.Server.Runtime.Configs.VersionsRead > read);
        Assert.DoesNotContain("config reloaded", await proxy.ConsoleTextAsync(), StringComparison.Ordinal);

        // A Codex edit after it is still announced, once.
        TestConfig.WriteRaw(home, Config("a", b.BaseUrl, "c2"));
        await Eventually.True(async () => (await proxy.ConsoleTextAsync()).Contains("config reloaded", StringComparison.Ordinal));
        var console = await proxy.ConsoleTextAsync();
        Assert.Single(Regex.Matches(console, "config reloaded: a"));
        Assert.Contains(b.BaseUrl, console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_active_naming_a_missing_config_is_refused_with_the_file_and_the_name_until_set_active_fixes_it()
    {
        using var home = new TempHome();
        await using var a = await StubUpstream.JsonAsync(200, """{"from":"a"}""");
        TestConfig.WriteRaw(home, Config("wrok", a.BaseUrl, "c1"));
        await using var proxy = await ProxyHarness.StartAsync(home);
        var expected = $"\"active\" names codex config \"wrok\", which is not in {home.Paths.ConfigJson} (configs: a)";
        Assert.Contains(expected, await proxy.ConsoleTextAsync(), StringComparison.Ordinal);

        using (var refused = await proxy.Client.PostAsync("/responses", new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.Contains("wrok", body, StringComparison.Ordinal);
            Assert.Contains("config set-active", body, StringComparison.Ordinal);
        }

        Assert.Equal(0, a.RequestCount);

        var list = await home.RunAsync("config", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(expected, list.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("* a", list.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await home.RunAsync("config", "set-active", "a")).ExitCode);
        await Eventually.True(async () => (await proxy.ConsoleTextAsync()).Contains("config reloaded: a", StringComparison.Ordinal));
        using var served = await proxy.Client.PostAsync("/responses", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(1, a.RequestCount);
    }
}

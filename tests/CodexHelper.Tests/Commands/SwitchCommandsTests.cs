using System.Text.Json;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Commands;

public sealed class SwitchCommandsTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task On_status_off_round_trip()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, "model = \"o3\"\n");
        var on = await home.RunAsync("switch", "on", "--port", "4555");
        Assert.Equal(0, on.ExitCode);
        Assert.Contains("http://127.0.0.1:4555", on.Out, StringComparison.Ordinal);

        var status = await home.RunAsync("switch", "status");
        Assert.Contains("codex: switch on", status.Out, StringComparison.Ordinal);
        // The built-in openai provider keeps its id (sessions stay resumable); openai_base_url points it at the proxy.
        Assert.Contains("provider: openai", status.Out, StringComparison.Ordinal);
        Assert.Contains("openai_base_url = \"http://127.0.0.1:4555\"", File.ReadAllText(home.Paths.CodexConfigToml), StringComparison.Ordinal);

        var json = await home.RunAsync("switch", "status", "--json");
        using (var doc = JsonDocument.Parse(json.Out))
        {
            Assert.True(doc.RootElement.GetProperty("switched_on").GetBoolean());
            Assert.True(doc.RootElement.GetProperty("backup_exists").GetBoolean());
            Assert.Equal("http://127.0.0.1:4555", doc.RootElement.GetProperty("base_url").GetString());
        }

        Assert.Equal(0, (await home.RunAsync("switch", "off")).ExitCode);
        Assert.Equal("model = \"o3\"\n", File.ReadAllText(home.Paths.CodexConfigToml));
        Assert.Contains("codex: switch off", (await home.RunAsync("switch", "status")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_file_gives_one_line_and_exit_1()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, "model = [\n");
        var r = await home.RunAsync("switch", "on");
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"codex-helper: {home.Paths.CodexConfigToml}:", r.Error, StringComparison.Ordinal);
        Assert.Equal("model = [\n", File.ReadAllText(home.Paths.CodexConfigToml));
    }

    [Fact]
    public async Task Chatgpt_login_users_keep_the_openai_provider_and_its_login()
    {
        File.WriteAllText(home.Paths.CodexAuthJson, "{\"OPENAI_API_KEY\":null,\"tokens\":{\"access_token\":\"x\"}}");
        await home.RunAsync("switch", "on");
        var toml = File.ReadAllText(home.Paths.CodexConfigToml);
        Assert.Equal("openai_base_url = \"http://127.0.0.1:3211\"\n", toml);
        Assert.DoesNotContain("codex_proxy", toml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_port_is_refused()
    {
        var r = await home.RunAsync("switch", "on", "--port", "70000");
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(home.Paths.CodexConfigToml));
    }

    [Fact]
    public async Task Claude_switch_uses_port_3210_by_default()
    {
        await home.RunAsync("switch", "on", "--claude");
        var settings = File.ReadAllText(Path.Combine(home.Paths.ClaudeHome, "settings.json"));
        Assert.Contains("\"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:3210\"", settings, StringComparison.Ordinal);
        await home.RunAsync("switch", "off", "--claude");
        Assert.False(File.Exists(Path.Combine(home.Paths.ClaudeHome, "settings.json")));
    }
}

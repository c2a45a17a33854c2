using System.Text.Json;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Commands;

public sealed class ConfigProtocolTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task Protocol_flag_is_saved_and_list_and_status_show_the_translation()
    {
        var add = await home.RunAsync("config", "add", "relay", "--base-url", "https://relay.example/v1", "--auth-token", "sk-relay-key-0001", "--protocol", "Chat");
        Assert.True(add.ExitCode == 0, add.Error);
        var more = await home.RunAsync("config", "add-upstream", "relay", "--base-url", "https://native.example/v1", "--protocol", "responses");
        Assert.True(more.ExitCode == 0, more.Error);

        using (var saved = JsonDocument.Parse(File.ReadAllText(home.Paths.ConfigJson)))
        {
            var upstreams = saved.RootElement.GetProperty("codex").GetProperty("configs").GetProperty("relay").GetProperty("upstreams");
            Assert.Equal("chat", upstreams[0].GetProperty("protocol").GetString());
            Assert.Equal("responses", upstreams[1].GetProperty("protocol").GetString());
        }

        var list = await home.RunAsync("config", "list");
        Assert.Contains("https://relay.example/v1  auth_token sk-...0001  protocol=chat (translated)", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("native.example/v1  no key (client's own auth passed through)  protocol", list.Out, StringComparison.Ordinal);

        using var json = JsonDocument.Parse((await home.RunAsync("config", "list", "--json")).Out);
        var views = json.RootElement.GetProperty("configs")[0].GetProperty("upstreams");
        Assert.Equal("chat", views[0].GetProperty("protocol").GetString());
        Assert.True(views[0].GetProperty("translated").GetBoolean());
        Assert.Equal("responses", views[1].GetProperty("protocol").GetString());
        Assert.False(views[1].GetProperty("translated").GetBoolean());

        Diagnostics.DiagnosticsHome.UseFreePorts(home);
        using var status = JsonDocument.Parse((await home.RunAsync("status", "--json")).Out);
        var codex = status.RootElement.GetProperty("services")[0];
        Assert.Equal("codex", codex.GetProperty("service").GetString());
        Assert.Equal("chat", codex.GetProperty("upstreams")[0].GetProperty("protocol").GetString());
        Assert.True(codex.GetProperty("upstreams")[0].GetProperty("translated").GetBoolean());
        Assert.Contains("speaks chat (translated)", (await home.RunAsync("status")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_protocol_is_one_line_exit_2_and_nothing_is_written()
    {
        var r = await home.RunAsync("config", "add", "relay", "--base-url", "https://relay.example/v1", "--protocol", "soap");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("codex-helper: --protocol: \"soap\" is not one of responses, chat, anthropic", r.Error.Trim());
        Assert.False(File.Exists(home.Paths.ConfigJson));
    }

    [Fact]
    public async Task An_unknown_protocol_in_config_json_is_named_with_its_path_and_the_file_is_kept()
    {
        const string raw = """{"version":1,"claude":{"active":"m","configs":{"m":{"name":"m","upstreams":[{"base_url":"https://a.example","auth":{},"protocol":"grpc"}]}}}}""";
        TestConfig.WriteRaw(home, raw);
        var r = await home.RunAsync("config", "add-upstream", "m", "--base-url", "https://b.example", "--claude");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("claude.configs.m.upstreams[0].protocol: \"grpc\" is not one of responses, chat, anthropic", r.Error, StringComparison.Ordinal);
        Assert.Equal(raw, File.ReadAllText(home.Paths.ConfigJson));
    }
}

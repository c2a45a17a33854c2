using System.Text.Json;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Commands;

public sealed class ConfigModelMapTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task Model_map_flags_are_kept_in_order_and_list_shows_them()
    {
        var add = await home.RunAsync("config", "add", "relay", "--base-url", "https://relay.example/v1", "--model-map", "gpt-5-codex=relay-codex", "--model-map", "gpt-5*=openai/gpt-5*");
        Assert.True(add.ExitCode == 0, add.Error);
        var more = await home.RunAsync("config", "add-upstream", "relay", "--base-url", "https://backup.example/v1", "--model-map", "gpt-5=gpt-5-high");
        Assert.True(more.ExitCode == 0, more.Error);

        var list = await home.RunAsync("config", "list");
        Assert.Contains("        model_map: gpt-5-codex=relay-codex, gpt-5*=openai/gpt-5*", list.Out, StringComparison.Ordinal);
        Assert.Contains("        model_map: gpt-5=gpt-5-high", list.Out, StringComparison.Ordinal);

        using var json = JsonDocument.Parse((await home.RunAsync("config", "list", "--json")).Out);
        var upstreams = json.RootElement.GetProperty("configs")[0].GetProperty("upstreams");
        Assert.Equal(["gpt-5-codex=relay-codex", "gpt-5*=openai/gpt-5*"], upstreams[0].GetProperty("model_map").EnumerateArray().Select(e => e.GetString()));
        using var saved = JsonDocument.Parse(File.ReadAllText(home.Paths.ConfigJson));
        var first = saved.RootElement.GetProperty("codex").GetProperty("configs").GetProperty("relay").GetProperty("upstreams")[0];
        Assert.Equal(2, first.GetProperty("model_map").GetArrayLength());
    }

    [Fact]
    public async Task A_malformed_rule_is_one_line_and_nothing_is_written()
    {
        var r = await home.RunAsync("config", "add", "relay", "--base-url", "https://relay.example/v1", "--model-map", "gpt-5");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("codex-helper: --model-map: 'gpt-5' has no '=' (expected FROM=TO, e.g. gpt-5=openai/gpt-5)", r.Error.Trim());
        Assert.False(File.Exists(home.Paths.ConfigJson));
    }

    [Fact]
    public async Task Models_and_a_bad_map_in_config_json_are_shown_or_named()
    {
        TestConfig.WriteRaw(home, """{"version":1,"codex":{"active":"m","configs":{"m":{"name":"m","upstreams":[{"base_url":"https://a.example/v1","auth":{},"models":["gpt-5*","o3"]}]}}}}""");
        Assert.Contains("        models: gpt-5*, o3", (await home.RunAsync("config", "list")).Out, StringComparison.Ordinal);

        TestConfig.WriteRaw(home, """{"version":1,"codex":{"active":"m","configs":{"m":{"name":"m","upstreams":[{"base_url":"https://a.example/v1","auth":{},"model_map":["a=b","x*y=z"]}]}}}}""");
        var r = await home.RunAsync("config", "add-upstream", "m", "--base-url", "https://b.example/v1");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("codex.configs.m.upstreams[0].model_map[1]: 'x*y=z': '*' may only end FROM", r.Error, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Diagnostics.DiagnosticsHome;

namespace CodexHelper.Tests.Diagnostics;

public sealed class StatusModelsTests
{
    [Fact]
    public async Task Status_says_which_upstreams_serve_only_some_models_and_how_they_rename_them()
    {
        using var home = new TempHome();
        UseFreePorts(home);
        TestConfig.WriteRaw(home, """
            {"version":1,"codex":{"active":"m","configs":{"m":{"name":"m","upstreams":[
              {"base_url":"https://a.example/v1","auth":{},"models":["claude-*"]},
              {"base_url":"https://b.example/v1","auth":{},"model_map":["gpt-5=openai/gpt-5"]},
              {"base_url":"https://c.example/v1","auth":{}}]}}}}
            """);

        var text = await home.RunAsync("status");
        Assert.Contains("    1: serves only claude-* (other models skip it)", text.Out, StringComparison.Ordinal);
        Assert.Contains("    2: model_map gpt-5=openai/gpt-5", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("    3: ", text.Out, StringComparison.Ordinal);

        using var json = JsonDocument.Parse((await home.RunAsync("status", "--json")).Out);
        var upstreams = json.RootElement.GetProperty("services")[0].GetProperty("upstreams");
        Assert.Equal("claude-*", upstreams[0].GetProperty("models")[0].GetString());
        Assert.False(upstreams[2].TryGetProperty("models", out _));
    }
}

using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Pricing;

public class PriceMultiplierCommandTests
{
    [Fact]
    public async Task Config_add_and_add_upstream_store_the_multiplier()
    {
        using var home = new TempHome();

        var add = await home.RunAsync("config", "add", "relay", "--base-url", "https://a.example/v1", "--auth-token", "sk-test-0000000001", "--price-multiplier", "0.3");
        var more = await home.RunAsync("config", "add-upstream", "relay", "--base-url", "https://b.example/v1", "--price-multiplier", "0.45");

        Assert.Equal(0, add.ExitCode);
        Assert.Equal(0, more.ExitCode);
        var upstreams = ConfigStore.For(home.Paths).Load()!.Codex.Configs["relay"].Upstreams;
        Assert.Equal([0.3m, 0.45m], upstreams.Select(u => u.PriceMultiplier!.Value));
    }

    [Theory]
    [InlineData("-0.5", "negative")]
    [InlineData("300", "more than 100")]
    public async Task Negative_or_absurd_multipliers_are_refused_and_nothing_is_written(string multiplier, string expected)
    {
        using var home = new TempHome();

        var run = await home.RunAsync("config", "add", "relay", "--base-url", "https://a.example/v1", "--price-multiplier", multiplier);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.False(File.Exists(home.Paths.ConfigJson));
    }

    [Fact]
    public async Task A_hand_edited_negative_multiplier_is_a_config_problem()
    {
        using var home = new TempHome();
        TestConfig.WriteRaw(home, """{"version":1,"codex":{"active":"m","configs":{"m":{"name":"m","upstreams":[{"base_url":"https://a.example/v1","auth":{},"price_multiplier":-1}]}}}}""");

        var run = await home.RunAsync("config", "list");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("price_multiplier -1 is negative", run.Error);
    }
}

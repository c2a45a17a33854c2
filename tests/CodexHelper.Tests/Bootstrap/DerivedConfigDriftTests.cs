using CodexHelper.Bootstrap;
using CodexHelper.Commands;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Bootstrap;

public sealed class DerivedConfigDriftTests : IDisposable
{
    private const string Toml = "model_provider = \"relay\"\n[model_providers.relay]\nbase_url = \"https://relay.example/v1\"\nenv_key = \"RELAY_KEY\"\n";
    private readonly TempHome home = new();

    public void Dispose() => home.Dispose();

    private async Task<string> StartOnceAsync()
    {
        var output = new StringWriter();
        var ctx = new CliContext { Paths = home.Paths, Out = output, Error = output, GetEnv = home.GetEnv };
        await StartCommand.RunWithSwitchAsync(ctx, ServiceKind.Codex, FreePort.Get(), "127.0.0.1", CancellationToken.None, _ => Task.FromResult(0));
        return output.ToString();
    }

    [Fact]
    public async Task Start_says_in_one_line_when_config_toml_moved_on_and_leaves_config_json_alone()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, Toml);
        home.Env["RELAY_KEY"] = "sk-relay-abcdefgh1234";
        Assert.Contains("created codex config 'relay'", await StartOnceAsync(), StringComparison.Ordinal);
        var configJson = File.ReadAllBytes(home.Paths.ConfigJson);

        File.WriteAllText(home.Paths.CodexConfigToml, Toml.Replace("relay.example", "relay2.example", StringComparison.Ordinal));
        var output = await StartOnceAsync();

        var notes = output.Split('\n').Where(l => l.Contains("was derived from", StringComparison.Ordinal)).ToList();
        var note = Assert.Single(notes);
        Assert.Contains("https://relay2.example/v1", note, StringComparison.Ordinal);
        Assert.Contains("config.json has https://relay.example/v1", note, StringComparison.Ordinal);
        Assert.Contains("codex-helper config remove relay", note, StringComparison.Ordinal);
        Assert.Equal(configJson, File.ReadAllBytes(home.Paths.ConfigJson));
    }

    [Fact]
    public async Task Changed_key_is_reported_masked()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, "model = \"o3\"\n");
        File.WriteAllText(home.Paths.CodexAuthJson, "{\"OPENAI_API_KEY\":\"sk-openai-old-11112222\"}");
        await StartOnceAsync();
        File.WriteAllText(home.Paths.CodexAuthJson, "{\"OPENAI_API_KEY\":\"sk-openai-new-33334444\"}");

        var output = await StartOnceAsync();

        Assert.Contains("was derived from", output, StringComparison.Ordinal);
        Assert.Contains("4444", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-openai-new-33334444", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-openai-old-11112222", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_said_when_the_files_still_match_or_the_config_was_added_by_hand()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, Toml);
        home.Env["RELAY_KEY"] = "sk-relay-abcdefgh1234";
        await StartOnceAsync();
        Assert.DoesNotContain("was derived from", await StartOnceAsync(), StringComparison.Ordinal);

        var config = new HelperConfig();
        config.Codex.Configs["mine"] = new ServiceConfig { Name = "mine", Upstreams = [new UpstreamConfig { BaseUrl = "https://mine.example/v1" }] };
        config.Codex.Active = "mine";
        Assert.Null(DerivedConfigDrift.Describe(config, ServiceKind.Codex, home.Paths, home.GetEnv));
    }
}

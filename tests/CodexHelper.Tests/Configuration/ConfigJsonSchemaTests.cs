using System.Text.Json;
using CodexHelper.Tests.Clients;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Configuration;

/// <summary>config.json holds exactly the schema the README documents: no computed or internal fields.</summary>
public sealed class ConfigJsonSchemaTests
{
    private static readonly string[] TopKeys = ["claude", "codex", "default_service", "version"];
    private static readonly string[] SectionKeys = ["active", "configs"];
    private static readonly string[] ConfigKeys = ["alias", "name", "upstreams"];
    private static readonly string[] UpstreamKeys = ["auth", "base_url", "tags"];
    private static readonly string[] AuthKeys = ["api_key", "api_key_env", "auth_token", "auth_token_env"];

    private static string[] Keys(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static void AssertDocumented(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        Assert.Equal(TopKeys, Keys(root));
        foreach (var service in new[] { "codex", "claude" })
        {
            var section = root.GetProperty(service);
            Assert.Equal(SectionKeys, Keys(section));
            foreach (var config in section.GetProperty("configs").EnumerateObject())
            {
                Assert.Equal(ConfigKeys, Keys(config.Value));
                foreach (var upstream in config.Value.GetProperty("upstreams").EnumerateArray())
                {
                    Assert.Equal(UpstreamKeys, Keys(upstream));
                    Assert.All(Keys(upstream.GetProperty("auth")), k => Assert.Contains(k, AuthKeys));
                }
            }
        }
    }

    [Fact]
    public async Task A_derived_and_edited_config_json_has_exactly_the_documented_keys()
    {
        using var home = new TempHome();
        File.WriteAllText(home.Paths.CodexConfigToml, SampleFiles.RealisticConfigToml);
        Assert.Equal(0, (await home.RunAsync("config", "list")).ExitCode);
        Assert.Equal(0, (await home.RunAsync("config", "add-upstream", "packy", "--base-url", "https://backup.example/v1", "--auth-token", "sk-backup-1234abcd")).ExitCode);
        Assert.Equal(0, (await home.RunAsync("default", "--codex")).ExitCode);

        AssertDocumented(home.Paths.ConfigJson);
    }

    [Fact]
    public async Task Computed_fields_an_earlier_version_wrote_are_dropped_on_the_next_save()
    {
        using var home = new TempHome();
        home.WriteHelperFile("config.json", """
            {"version":1,"DefaultServiceKind":0,
             "codex":{"active":"a","configs":{"a":{"name":"a","alias":null,"upstreams":[{"base_url":"https://a/v1","auth":{"auth_token":"sk-aaaa1111","api_key":null,"HasAny":true},"tags":null}]}},
                      "ActiveConfig":{"name":"a","alias":null,"upstreams":[]}},
             "claude":{"active":null,"configs":{}},"default_service":null,"my_note":"kept"}
            """);
        Assert.Equal(0, (await home.RunAsync("config", "add-upstream", "a", "--base-url", "https://b/v1")).ExitCode);

        var text = File.ReadAllText(home.Paths.ConfigJson);
        Assert.DoesNotContain("HasAny", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ActiveConfig", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DefaultServiceKind", text, StringComparison.Ordinal);
        Assert.Contains("my_note", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_list_derives_when_config_json_has_no_config_for_the_service()
    {
        using var home = new TempHome();
        File.WriteAllText(home.Paths.CodexConfigToml, "model_provider = \"p\"\n[model_providers.p]\nbase_url = \"https://p.example/v1\"\n");
        Assert.Equal(0, (await home.RunAsync("config", "add", "x", "--claude", "--base-url", "https://a.example", "--api-key", "sk-aaaa1234")).ExitCode);

        var list = await home.RunAsync("config", "list");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("https://p.example/v1", list.Out, StringComparison.Ordinal);
        Assert.Contains("\"x\"", File.ReadAllText(home.Paths.ConfigJson), StringComparison.Ordinal);
        AssertDocumented(home.Paths.ConfigJson);
    }
}

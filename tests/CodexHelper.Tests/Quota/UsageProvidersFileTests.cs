using System.Text.Json;
using CodexHelper.Quota;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Quota;

public class UsageProvidersFileTests
{
    [Fact]
    public void Missing_file_is_created_with_the_defaults()
    {
        using var home = new TempHome();
        var path = home.Paths.UsageProvidersJson;

        var file = UsageProvidersFile.Load(path);

        Assert.True(File.Exists(path));
        Assert.Null(file.Problem);
        Assert.Collection(file.Providers,
            p =>
            {
                Assert.Equal(UsageProviderKinds.BudgetHttpJson, p.Kind);
                Assert.Equal(["packycode.com"], p.Domains!);
                Assert.Equal("https://www.packycode.com/api/backend/users/info", p.Endpoint);
                Assert.Equal(60, p.PollIntervalSecs);
            },
            p =>
            {
                Assert.Equal(UsageProviderKinds.YescodeProfile, p.Kind);
                Assert.Equal(["yes.vg"], p.Domains!);
                Assert.Equal("https://co.yes.vg/api/v1/user/balance", p.Endpoint);
            });

        using var written = JsonDocument.Parse(File.ReadAllText(path));
        var first = written.RootElement.GetProperty("providers")[0];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("token_env").ValueKind);
        Assert.Equal("packycode", first.GetProperty("id").GetString());
        Assert.Equal(2, UsageProvidersFile.Load(path).Providers.Count);
        Assert.Empty(Directory.GetFiles(home.Paths.HelperHome, "*.tmp"));
    }

    [Fact]
    public void User_file_is_read_as_written()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("usage_providers.json", """
            {
              // comments are fine
              "providers": [
                { "id": "relay", "kind": "openai_billing", "domains": ["relay.example"], "token_env": "RELAY_KEY", "poll_interval_secs": 120 },
              ]
            }
            """);
        var p = Assert.Single(UsageProvidersFile.Load(path).Providers);
        Assert.Equal("relay", p.Id);
        Assert.Null(p.Endpoint);
        Assert.Equal("RELAY_KEY", p.TokenEnv);
        Assert.Equal(120, p.PollIntervalSecs);
    }

    [Fact]
    public void Invalid_json_names_file_and_line_and_the_file_is_kept()
    {
        using var home = new TempHome();
        const string broken = "{\n  \"providers\": [\n    { \"id\": \"x\", \"kind\": }\n  ]\n}\n";
        var path = home.WriteHelperFile("usage_providers.json", broken);

        var ex = Assert.Throws<UserFacingException>(() => UsageProvidersFile.Load(path));
        Assert.StartsWith($"{path}:3: invalid JSON", ex.Message);
        Assert.Equal(broken, File.ReadAllText(path));
    }

    [Fact]
    public void Unknown_kind_names_the_line_of_the_kind()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("usage_providers.json", """
            {"providers": [
              {"id": "a", "kind": "openai_billing", "domains": ["a.example"]},
              {"id": "b",
               "kind": "magic",
               "domains": ["b.example"]}
            ]}
            """);
        var ex = Assert.Throws<UserFacingException>(() => UsageProvidersFile.Load(path));
        Assert.StartsWith($"{path}:4: providers[1].kind: unknown kind \"magic\"", ex.Message);
    }

    [Fact]
    public void Missing_endpoint_names_the_provider_line()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("usage_providers.json", """
            {"providers": [

              {"id": "a", "kind": "budget_http_json", "domains": ["a.example"]}
            ]}
            """);
        var ex = Assert.Throws<UserFacingException>(() => UsageProvidersFile.Load(path));
        Assert.Equal($"{path}:3: providers[0].endpoint: required for kind budget_http_json", ex.Message);
    }

    [Theory]
    [InlineData("""{"id": "a", "kind": "openai_billing", "domains": []}""", "domains")]
    [InlineData("""{"id": "a", "kind": "openai_billing"}""", "domains")]
    [InlineData("""{"id": "", "kind": "openai_billing", "domains": ["a"]}""", "id")]
    [InlineData("""{"id": "a", "kind": "yescode_profile", "domains": ["a"], "endpoint": "ftp://x"}""", "endpoint")]
    [InlineData("""{"id": "a", "kind": "openai_billing", "domains": ["a"], "poll_interval_secs": -1}""", "poll_interval_secs")]
    public void Invalid_entries_are_rejected(string entry, string field)
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("usage_providers.json", "{\"providers\": [\n" + entry + "\n]}");
        var ex = Assert.Throws<UserFacingException>(() => UsageProvidersFile.Load(path));
        Assert.StartsWith($"{path}:2: providers[0].{field}:", ex.Message);
    }

    [Fact]
    public void Duplicate_ids_are_rejected()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("usage_providers.json", """
            {"providers": [
              {"id": "a", "kind": "openai_billing", "domains": ["a.example"]},
              {"id": "a", "kind": "openai_billing", "domains": ["b.example"]}
            ]}
            """);
        var ex = Assert.Throws<UserFacingException>(() => UsageProvidersFile.Load(path));
        Assert.Equal($"{path}:3: providers[1].id: duplicate id \"a\"", ex.Message);
    }

    [Fact]
    public void Missing_providers_array_is_an_error()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("usage_providers.json", "{}");
        var ex = Assert.Throws<UserFacingException>(() => UsageProvidersFile.Load(path));
        Assert.Contains("\"providers\" array", ex.Message);
    }

    [Fact]
    public void Load_or_problem_turns_a_broken_file_into_a_problem()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("usage_providers.json", "{\"providers\": [}");
        var file = UsageProvidersFile.LoadOrProblem(path);
        Assert.Empty(file.Providers);
        Assert.StartsWith($"{path}:1:", file.Problem);
    }

    [Theory]
    [InlineData("https://packycode.com/v1", true)]
    [InlineData("https://api.packycode.com/v1", true)]
    [InlineData("https://API.PackyCode.com:8443/v1", true)]
    [InlineData("https://a.b.packycode.com", true)]
    [InlineData("https://evilpackycode.com/v1", false)]
    [InlineData("https://packycode.com.evil.example/v1", false)]
    [InlineData("not a url", false)]
    public void Domains_match_the_host_or_its_subdomains(string baseUrl, bool matches)
    {
        var provider = new UsageProvider { Id = "p", Kind = UsageProviderKinds.BudgetHttpJson, Domains = ["packycode.com"] };
        Assert.Equal(matches, provider.Matches(baseUrl));
    }
}

using System.Text.Json;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Commands;

public sealed class ConfigCommandsTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task Add_list_masks_keys_and_marks_the_active_config()
    {
        var add = await home.RunAsync("config", "add", "packy", "--base-url", "https://codex-api.packycode.com/v1", "--auth-token", "sk-packy-0123456789wxyz", "--alias", "Packy relay");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("added codex config 'packy' (active)", add.Out, StringComparison.Ordinal);

        var list = await home.RunAsync("config", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("* packy (Packy relay)", list.Out, StringComparison.Ordinal);
        Assert.Contains("[0] https://codex-api.packycode.com/v1  auth_token sk-...wxyz", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789", list.Out, StringComparison.Ordinal);

        var json = await home.RunAsync("config", "list", "--json");
        Assert.DoesNotContain("0123456789", json.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal("packy", doc.RootElement.GetProperty("active").GetString());
        var upstream = doc.RootElement.GetProperty("configs")[0].GetProperty("upstreams")[0];
        Assert.Equal("sk-...wxyz", upstream.GetProperty("auth_token").GetString());
    }

    [Fact]
    public async Task Add_upstream_with_env_key_and_tags_then_remove_it_by_index_and_url()
    {
        await home.RunAsync("config", "add", "main", "--base-url", "https://a.example/v1", "--api-key", "key-aaaaaaaaaaaa");
        var r = await home.RunAsync("config", "add-upstream", "main", "--base-url", "https://b.example/v1", "--auth-token-env", "B_KEY", "--tag", "tier=backup", "--tag", "region=eu");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("added upstream [1]", r.Out, StringComparison.Ordinal);
        await home.RunAsync("config", "add-upstream", "main", "--base-url", "https://c.example/v1", "--api-key-env", "C_KEY");

        var config = home.Paths.ConfigJson;
        var text = File.ReadAllText(config);
        Assert.Contains("\"auth_token_env\": \"B_KEY\"", text, StringComparison.Ordinal);
        Assert.Contains("\"tier\": \"backup\"", text, StringComparison.Ordinal);

        var list = await home.RunAsync("config", "list");
        Assert.Contains("[1] https://b.example/v1  auth_token from $B_KEY  tier=backup region=eu", list.Out, StringComparison.Ordinal);
        Assert.Contains("[2] https://c.example/v1  api_key from $C_KEY", list.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await home.RunAsync("config", "remove-upstream", "main", "1")).ExitCode);
        Assert.Equal(0, (await home.RunAsync("config", "remove-upstream", "main", "https://c.example/v1/")).ExitCode);
        list = await home.RunAsync("config", "list", "--json");
        using var doc = JsonDocument.Parse(list.Out);
        var upstreams = doc.RootElement.GetProperty("configs")[0].GetProperty("upstreams");
        Assert.Equal(1, upstreams.GetArrayLength());
        Assert.Equal("https://a.example/v1", upstreams[0].GetProperty("base_url").GetString());

        var last = await home.RunAsync("config", "remove-upstream", "main", "0");
        Assert.Equal(1, last.ExitCode);
        Assert.Contains("config remove main", last.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_active_and_remove_move_the_active_config()
    {
        await home.RunAsync("config", "add", "a", "--base-url", "https://a.example");
        await home.RunAsync("config", "add", "b", "--base-url", "https://b.example");
        Assert.Contains("* a", (await home.RunAsync("config", "list")).Out, StringComparison.Ordinal);

        Assert.Equal(0, (await home.RunAsync("config", "set-active", "b")).ExitCode);
        Assert.Contains("* b", (await home.RunAsync("config", "list")).Out, StringComparison.Ordinal);

        var removed = await home.RunAsync("config", "remove", "b");
        Assert.Contains("active: a", removed.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await home.RunAsync("config", "set-active", "b")).ExitCode);
    }

    [Fact]
    public async Task Claude_configs_live_in_their_own_section()
    {
        await home.RunAsync("config", "add", "relay", "--claude", "--base-url", "https://r.example/api", "--api-key", "sk-ant-000000001111");
        Assert.Contains("no codex configs", (await home.RunAsync("config", "list", "--codex")).Out, StringComparison.Ordinal);
        Assert.Contains("api_key sk-...1111", (await home.RunAsync("config", "list", "--claude")).Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config", "add", "x", "--base-url", "ftp://x.example")]
    [InlineData("config", "add", "x", "--base-url", "not a url")]
    [InlineData("config", "add", "x", "--base-url", "https://x.example", "--auth-token", "a", "--api-key", "b")]
    [InlineData("config", "add", "x", "--base-url", "https://x.example", "--auth-token-env", "1BAD")]
    [InlineData("config", "add", "x", "--base-url", "https://x.example", "--tag", "novalue")]
    [InlineData("config", "add", "x", "--base-url", "https://x.example", "--codex", "--claude")]
    public async Task Invalid_input_is_refused_and_nothing_is_written(params string[] args)
    {
        var r = await home.RunAsync(args);
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("codex-helper: ", r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(home.Paths.ConfigJson));
    }

    [Fact]
    public async Task Duplicates_and_unknown_names_are_refused()
    {
        await home.RunAsync("config", "add", "x", "--base-url", "https://x.example");
        var dup = await home.RunAsync("config", "add", "x", "--base-url", "https://y.example");
        Assert.Equal(1, dup.ExitCode);
        Assert.Contains("already exists", dup.Error, StringComparison.Ordinal);

        var dupUrl = await home.RunAsync("config", "add-upstream", "x", "--base-url", "https://x.example/");
        Assert.Contains("already has an upstream", dupUrl.Error, StringComparison.Ordinal);

        var unknown = await home.RunAsync("config", "add-upstream", "nope", "--base-url", "https://y.example");
        Assert.Contains("no codex config named 'nope' (known: x)", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await home.RunAsync("config", "remove", "nope")).ExitCode);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("")]
    [InlineData(" x")]
    [InlineData("-x")]
    [InlineData("a\"b")]
    [InlineData("a/b")]
    [InlineData("a=b")]
    public async Task Add_refuses_a_name_outside_the_allowed_set_in_one_line_and_writes_nothing(string name)
    {
        var add = await home.RunAsync("config", "add", name, "--base-url", "https://x.example");
        Assert.Equal(2, add.ExitCode);
        Assert.Contains("must be 1-64 letters, digits, '.', '_' or '-'", add.Error, StringComparison.Ordinal);
        Assert.Single(add.Error.Trim().Split('\n'));
        Assert.False(File.Exists(home.Paths.ConfigJson));
    }

    [Theory]
    [InlineData("packy")]
    [InlineData("relay-2.eu_backup")]
    [InlineData("9router")]
    public async Task Add_accepts_names_in_the_allowed_set(string name)
    {
        var add = await home.RunAsync("config", "add", name, "--base-url", "https://x.example");
        Assert.Equal(0, add.ExitCode);
        Assert.Equal(0, (await home.RunAsync("config", "set-active", name)).ExitCode);
    }

    [Fact]
    public async Task Writes_keep_unknown_fields_and_a_backup()
    {
        home.WriteHelperFile("config.json", "{\"version\":1,\"codex\":{\"active\":null,\"configs\":{},\"future\":7},\"claude\":{\"active\":null,\"configs\":{}},\"default_service\":null,\"extra_top\":{\"k\":true}}");
        await home.RunAsync("config", "add", "x", "--base-url", "https://x.example");
        var text = File.ReadAllText(home.Paths.ConfigJson);
        Assert.Contains("\"future\": 7", text, StringComparison.Ordinal);
        Assert.Contains("\"extra_top\"", text, StringComparison.Ordinal);
        Assert.True(File.Exists(home.Paths.ConfigJsonBackup));
    }

    [Fact]
    public async Task List_without_config_bootstraps_from_codex_files()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, "model_provider = \"relay\"\n[model_providers.relay]\nbase_url = \"https://relay.example/v1\"\n");
        File.WriteAllText(home.Paths.CodexAuthJson, "{\"OPENAI_API_KEY\":\"sk-relay-abcdef123456\"}");
        var r = await home.RunAsync("config", "list");
        Assert.Contains("created codex config 'relay'", r.Error, StringComparison.Ordinal);
        Assert.Contains("* relay", r.Out, StringComparison.Ordinal);
        Assert.Contains("sk-...3456", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_with_nothing_to_derive_says_what_to_run()
    {
        var r = await home.RunAsync("config", "list");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("config add NAME --base-url URL", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_shows_and_sets_the_default_service()
    {
        Assert.Equal("default service: codex\n", (await home.RunAsync("default")).Out.Replace("\r", "", StringComparison.Ordinal));
        Assert.Contains("set to claude", (await home.RunAsync("default", "--claude")).Out, StringComparison.Ordinal);
        Assert.Contains("\"default_service\": \"claude\"", (await home.RunAsync("default", "--json")).Out, StringComparison.Ordinal);

        // Commands without a flag now act on Claude.
        await home.RunAsync("config", "add", "c", "--base-url", "https://c.example");
        Assert.Contains("* c", (await home.RunAsync("config", "list", "--claude")).Out, StringComparison.Ordinal);
    }
}

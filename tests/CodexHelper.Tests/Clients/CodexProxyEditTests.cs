using CodexHelper.Clients;

namespace CodexHelper.Tests.Clients;

public sealed class CodexProxyEditTests
{
    private static ClientFileText Text(string s) => ClientFileText.Decode(System.Text.Encoding.UTF8.GetBytes(s), "config.toml");

    private static readonly OurProxy Ours = new(new HashSet<int> { 3211, 4000 });

    /// <summary>The original tool's way (model_provider = "codex_proxy"), still read, still undone.</summary>
    private static string On(string s, int port = 3211, bool passThrough = false) =>
        CodexProxyEdit.LegacySwitchOn(Text(s), new CodexProxySettings(port, passThrough), "config.toml");

    private static string NewOn(string s, int port = 3211) =>
        CodexProxyEdit.SwitchOn(Text(s), new CodexProxySettings(port), "config.toml");

    private static string Off(string switched, string? original) =>
        CodexProxyEdit.SwitchOff(Text(switched), original is null ? null : Text(original), Ours, "config.toml", "backup");

    [Fact]
    public void Switch_on_keeps_the_users_provider_id_and_replaces_only_its_base_url()
    {
        var original = SampleFiles.RealisticConfigToml + "\n";
        var switched = NewOn(original);

        Assert.Equal(original.Replace("base_url = \"https://codex-api.packycode.com/v1\"", "base_url = \"http://127.0.0.1:3211\"", StringComparison.Ordinal), switched);
        var parsed = CodexConfigToml.Parse(switched, "config.toml");
        Assert.Equal("packy", parsed.EffectiveProviderId);
        Assert.True(parsed.PointsAt(Ours));
        Assert.False(parsed.UsesLegacyProxyProvider);
        Assert.Equal(original, Off(switched, original));
    }

    [Fact]
    public void The_builtin_openai_provider_gets_openai_base_url_and_loses_it_again()
    {
        const string original = "# mine\nmodel = \"gpt-5\"\n\n[mcp_servers.x]\ncommand = \"x\"\n";
        var switched = NewOn(original);
        Assert.Equal("# mine\nmodel = \"gpt-5\"\nopenai_base_url = \"http://127.0.0.1:3211\"\n\n[mcp_servers.x]\ncommand = \"x\"\n", switched);
        var parsed = CodexConfigToml.Parse(switched, "c");
        Assert.Equal("openai", parsed.EffectiveProviderId);
        Assert.Equal("http://127.0.0.1:3211", parsed.Provider("openai").BaseUrl);
        Assert.Equal(original, Off(switched, original));
        Assert.Equal(original, Off(switched, null));
    }

    [Fact]
    public void A_users_own_openai_base_url_is_replaced_in_place_and_restored()
    {
        const string original = "openai_base_url = 'https://my-gateway.example/v1' # gw\nmodel = \"o3\"\n";
        var switched = NewOn(original, 4000);
        Assert.Equal("openai_base_url = \"http://127.0.0.1:4000\" # gw\nmodel = \"o3\"\n", switched);
        Assert.Equal(original, Off(switched, original));
    }

    [Fact]
    public void A_provider_table_without_base_url_gets_one_line_that_goes_again()
    {
        const string original = "model_provider = \"p\"\n\n[model_providers.p] # mine\nname = \"P\"\nenv_key = \"K\"\n";
        var switched = NewOn(original);
        Assert.Equal("model_provider = \"p\"\n\n[model_providers.p] # mine\nbase_url = \"http://127.0.0.1:3211\"\nname = \"P\"\nenv_key = \"K\"\n", switched);
        Assert.Equal(original, Off(switched, original));
    }

    [Fact]
    public void Inline_and_dotted_provider_forms_have_their_base_url_value_replaced()
    {
        const string inline = "model_provider = \"a\"\n[model_providers]\na = { name = \"A\", base_url = \"https://a/v1\" }\n";
        var switchedInline = NewOn(inline);
        Assert.Contains("a = { name = \"A\", base_url = \"http://127.0.0.1:3211\" }", switchedInline, StringComparison.Ordinal);
        Assert.Equal(inline, Off(switchedInline, inline));

        const string dotted = "model_provider = \"a\"\nmodel_providers.a.base_url = \"https://a/v1\"\n";
        var switchedDotted = NewOn(dotted);
        Assert.Equal("model_provider = \"a\"\nmodel_providers.a.base_url = \"http://127.0.0.1:3211\"\n", switchedDotted);
        Assert.Equal(dotted, Off(switchedDotted, dotted));
    }

    [Fact]
    public void A_loopback_relay_on_another_port_is_the_users_and_is_never_undone()
    {
        const string relay = "model_provider = \"local\"\n[model_providers.local]\nbase_url = \"http://127.0.0.1:18103/v1\"\n";
        Assert.False(CodexConfigToml.Parse(relay, "c").PointsAt(Ours));
        Assert.Equal(relay, Off(relay, null));
        var switched = NewOn(relay);
        Assert.Equal(relay, Off(switched, relay));
    }

    [Fact]
    public void Switch_off_after_the_user_edited_keeps_the_edit()
    {
        var original = SampleFiles.RealisticConfigToml + "\n";
        var edited = NewOn(original).Replace("model = \"gpt-5-codex\"", "model = \"gpt-5.1\"", StringComparison.Ordinal);
        Assert.Equal(original.Replace("model = \"gpt-5-codex\"", "model = \"gpt-5.1\"", StringComparison.Ordinal), Off(edited, original));
    }

    [Fact]
    public void Switch_on_changes_only_the_provider_value_and_appends_the_table()
    {
        var original = SampleFiles.RealisticConfigToml;
        var switched = On(original);

        var expected = original.Replace("model_provider = 'packy'  # literal", "model_provider = \"codex_proxy\"  # literal", StringComparison.Ordinal)
            + "\n\n[model_providers.codex_proxy]\nname = \"codex-helper\"\nbase_url = \"http://127.0.0.1:3211\"\nwire_api = \"responses\"\n";
        Assert.Equal(expected, switched);

        var parsed = CodexConfigToml.Parse(switched, "config.toml");
        Assert.True(parsed.PointsAt(Ours));
        Assert.True(parsed.UsesLegacyProxyProvider);
        Assert.Contains(("deep work", "azure-east"), parsed.ProfileProviders);
        Assert.Equal("PACKY_API_KEY", parsed.Provider("packy").EnvKey);
    }

    [Fact]
    public void Switch_off_without_edits_gives_back_the_original_text()
    {
        var original = SampleFiles.RealisticConfigToml + "\n";
        var switched = On(original);
        Assert.Equal(original, Off(switched, original));
    }

    [Fact]
    public void Switch_on_twice_is_idempotent_and_a_new_port_replaces_the_table()
    {
        var once = On(SampleFiles.RealisticConfigToml);
        Assert.Equal(once, On(once));
        var moved = On(once, 4000);
        Assert.Contains("base_url = \"http://127.0.0.1:4000\"", moved, StringComparison.Ordinal);
        Assert.DoesNotContain("3211", moved, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_model_provider_is_inserted_after_the_top_level_keys_and_removed_again()
    {
        const string original = "# mine\nmodel = \"o3\"\n\n[mcp_servers.x]\ncommand = \"x\"\n";
        var switched = On(original);
        Assert.StartsWith("# mine\nmodel = \"o3\"\nmodel_provider = \"codex_proxy\"\n\n[mcp_servers.x]", switched, StringComparison.Ordinal);
        Assert.Equal(original, Off(switched, original));
    }

    [Fact]
    public void File_with_only_tables_gets_the_key_at_the_top()
    {
        const string original = "[profiles.a]\nmodel = \"o3\"\n";
        var switched = On(original);
        Assert.StartsWith("model_provider = \"codex_proxy\"\n[profiles.a]", switched, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_becomes_a_minimal_config()
    {
        Assert.Equal(
            "model_provider = \"codex_proxy\"\n\n[model_providers.codex_proxy]\nname = \"codex-helper\"\nbase_url = \"http://127.0.0.1:3211\"\nwire_api = \"responses\"\n",
            On(""));
    }

    [Fact]
    public void An_existing_codex_proxy_table_is_replaced_in_place_and_restored_on_off()
    {
        const string original = "model_provider = \"openai\"\n\n[model_providers.codex_proxy] # old one\nname = \"old\"\nbase_url = \"http://127.0.0.1:9999\"\n\n# after\n[x]\ny = 1\n";
        var switched = On(original);
        Assert.Contains("[model_providers.codex_proxy]\nname = \"codex-helper\"\nbase_url = \"http://127.0.0.1:3211\"\nwire_api = \"responses\"\n\n# after\n[x]", switched, StringComparison.Ordinal);
        Assert.Equal(original, Off(switched, original));
    }

    [Fact]
    public void Inline_table_definition_is_replaced_as_an_inline_table()
    {
        const string original = "model_provider = \"a\"\n[model_providers]\na = { base_url = \"https://a\" }\ncodex_proxy = { base_url = \"http://x\" } # c\n";
        var switched = On(original);
        Assert.Contains("codex_proxy = { name = \"codex-helper\", base_url = \"http://127.0.0.1:3211\", wire_api = \"responses\" } # c", switched, StringComparison.Ordinal);
        Assert.Equal(original, Off(switched, original));
    }

    [Fact]
    public void Chatgpt_login_passthrough_sets_requires_openai_auth()
    {
        var switched = On("", passThrough: true);
        Assert.Contains("requires_openai_auth = true\n", switched, StringComparison.Ordinal);
        Assert.True(CodexConfigToml.Parse(switched, "c").Provider("codex_proxy").RequiresOpenAiAuth);
    }

    [Fact]
    public void Crlf_files_get_crlf_lines()
    {
        var switched = On("model = \"o3\"\r\n[x]\r\na = 1\r\n");
        Assert.DoesNotContain("\n", switched.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Dotted_key_definitions_are_refused_with_a_clear_message()
    {
        var ex = Assert.Throws<UserFacingException>(() => On("model_providers.codex_proxy.base_url = \"http://x\"\n"));
        Assert.Contains("config.toml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_toml_names_file_and_line()
    {
        var ex = Assert.Throws<UserFacingException>(() => On("model = \"o3\"\n\n[broken\nx = 1\n"));
        Assert.StartsWith("config.toml:3: invalid TOML", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_off_keeps_user_edits_and_removes_only_ours()
    {
        var original = SampleFiles.RealisticConfigToml + "\n";
        var switched = On(original);
        string Edit(string s) => s
            .Replace("model = \"gpt-5-codex\"", "model = \"gpt-5.1\"", StringComparison.Ordinal)
            .Replace("[mcp_servers.fs]", "[mcp_servers.new]\ncommand = \"new\"\n\n[mcp_servers.fs]", StringComparison.Ordinal);

        var off = Off(Edit(switched), original);
        Assert.Equal(Edit(original), off);
    }

    [Fact]
    public void Switch_off_leaves_a_provider_the_user_chose_meanwhile()
    {
        const string original = "model_provider = \"a\"\n";
        var switched = On(original).Replace("model_provider = \"codex_proxy\"", "model_provider = \"b\"", StringComparison.Ordinal);
        Assert.Equal("model_provider = \"b\"\n", Off(switched, original));
    }

    [Fact]
    public void Bom_is_kept()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("a = 1\n"u8.ToArray()).ToArray();
        var text = ClientFileText.Decode(bytes, "c");
        Assert.True(text.HasBom);
        Assert.Equal(bytes, text.Encode());
    }
}

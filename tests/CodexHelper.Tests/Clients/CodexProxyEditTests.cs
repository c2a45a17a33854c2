using CodexHelper.Clients;

namespace CodexHelper.Tests.Clients;

public sealed class CodexProxyEditTests
{
    private static ClientFileText Text(string s) => ClientFileText.Decode(System.Text.Encoding.UTF8.GetBytes(s), "config.toml");

    private static string On(string s, int port = 3211, bool passThrough = false) =>
        CodexProxyEdit.SwitchOn(Text(s), new CodexProxySettings(port, passThrough), "config.toml");

    [Fact]
    public void Switch_on_changes_only_the_provider_value_and_appends_the_table()
    {
        var original = SampleFiles.RealisticConfigToml;
        var switched = On(original);

        var expected = original.Replace("model_provider = 'packy'  # literal", "model_provider = \"codex_proxy\"  # literal", StringComparison.Ordinal)
            + "\n\n[model_providers.codex_proxy]\nname = \"codex-helper\"\nbase_url = \"http://127.0.0.1:3211\"\nwire_api = \"responses\"\n";
        Assert.Equal(expected, switched);

        var parsed = CodexConfigToml.Parse(switched, "config.toml");
        Assert.True(parsed.PointsAtLocalProxy);
        Assert.Equal("azure-east", parsed.ProfileModelProvider("deep work"));
        Assert.Equal("PACKY_API_KEY", parsed.Provider("packy").EnvKey);
    }

    [Fact]
    public void Switch_off_without_edits_gives_back_the_original_text()
    {
        var original = SampleFiles.RealisticConfigToml + "\n";
        var switched = On(original);
        Assert.Equal(original, CodexProxyEdit.SwitchOff(Text(switched), Text(original), "config.toml", "backup"));
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
        Assert.Equal(original, CodexProxyEdit.SwitchOff(Text(switched), Text(original), "config.toml", "backup"));
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
        Assert.Equal(original, CodexProxyEdit.SwitchOff(Text(switched), Text(original), "config.toml", "backup"));
    }

    [Fact]
    public void Inline_table_definition_is_replaced_as_an_inline_table()
    {
        const string original = "model_provider = \"a\"\n[model_providers]\na = { base_url = \"https://a\" }\ncodex_proxy = { base_url = \"http://x\" } # c\n";
        var switched = On(original);
        Assert.Contains("codex_proxy = { name = \"codex-helper\", base_url = \"http://127.0.0.1:3211\", wire_api = \"responses\" } # c", switched, StringComparison.Ordinal);
        Assert.Equal(original, CodexProxyEdit.SwitchOff(Text(switched), Text(original), "config.toml", "backup"));
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

        var off = CodexProxyEdit.SwitchOff(Text(Edit(switched)), Text(original), "config.toml", "backup");
        Assert.Equal(Edit(original), off);
    }

    [Fact]
    public void Switch_off_leaves_a_provider_the_user_chose_meanwhile()
    {
        const string original = "model_provider = \"a\"\n";
        var switched = On(original).Replace("model_provider = \"codex_proxy\"", "model_provider = \"b\"", StringComparison.Ordinal);
        Assert.Equal("model_provider = \"b\"\n", CodexProxyEdit.SwitchOff(Text(switched), Text(original), "config.toml", "backup"));
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

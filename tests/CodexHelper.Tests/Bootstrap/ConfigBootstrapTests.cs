using CodexHelper.Bootstrap;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Bootstrap;

public sealed class ConfigBootstrapTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => home.Dispose();

    private void Codex(string toml, string? auth = null)
    {
        File.WriteAllText(home.Paths.CodexConfigToml, toml);
        if (auth is not null)
        {
            File.WriteAllText(home.Paths.CodexAuthJson, auth);
        }
    }

    [Fact]
    public void Codex_provider_with_env_key_set_stores_the_variable_name_not_the_key()
    {
        Codex("model_provider = \"packy\"\n[model_providers.packy]\nname = \"Packy\"\nbase_url = \"https://p.example/v1\"\nenv_key = \"PACKY_KEY\"\n");
        home.Env["PACKY_KEY"] = "sk-packy-secret-1234";
        var result = ConfigBootstrap.DeriveCodex(home.Paths, home.GetEnv);

        Assert.Equal("packy", result.Config.Name);
        Assert.Equal("Packy", result.Config.Alias);
        var u = Assert.Single(result.Config.Upstreams);
        Assert.Equal("https://p.example/v1", u.BaseUrl);
        Assert.Equal("PACKY_KEY", u.Auth.AuthTokenEnv);
        Assert.Null(u.Auth.AuthToken);
        Assert.Equal("codex-config", u.Tags!["source"]);
        Assert.Equal("packy", u.Tags["provider_id"]);
        Assert.DoesNotContain(result.Notes, n => n.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Codex_env_key_falls_back_to_the_same_field_in_auth_json()
    {
        Codex("model_provider = \"packy\"\n[model_providers.packy]\nbase_url = \"https://p\"\nenv_key = \"PACKY_KEY\"\n", "{\"PACKY_KEY\": \"sk-from-auth-5678\"}");
        var u = ConfigBootstrap.DeriveCodex(home.Paths, home.GetEnv).Config.Upstreams[0];
        Assert.Equal("sk-from-auth-5678", u.Auth.AuthToken);
    }

    [Fact]
    public void Codex_openai_with_api_key_in_auth_json()
    {
        Codex("model = \"o3\"\n", "{\"OPENAI_API_KEY\": \"sk-openai-abcdefgh\", \"tokens\": null}");
        var result = ConfigBootstrap.DeriveCodex(home.Paths, home.GetEnv);
        Assert.Equal("openai", result.Config.Name);
        Assert.Equal("https://api.openai.com/v1", result.Config.Upstreams[0].BaseUrl);
        Assert.Equal("sk-openai-abcdefgh", result.Config.Upstreams[0].Auth.AuthToken);
        Assert.Contains(result.Notes, n => n.Contains("sk-...efgh", StringComparison.Ordinal));
    }

    [Fact]
    public void Codex_chatgpt_login_becomes_a_passthrough_upstream()
    {
        Codex("", "{\"OPENAI_API_KEY\": null, \"tokens\": {\"access_token\": \"eyJ\", \"account_id\": \"a\"}}");
        var result = ConfigBootstrap.DeriveCodex(home.Paths, home.GetEnv);
        var u = result.Config.Upstreams[0];
        Assert.Equal(ConfigBootstrap.ChatGptBaseUrl, u.BaseUrl);
        Assert.False(u.Auth.HasAny);
        Assert.True(ConfigBootstrap.PassesClientAuthThrough(new HelperConfig { Codex = { Configs = { ["openai"] = result.Config } } }, ServiceKind.Codex));
    }

    [Fact]
    public void Codex_self_pointing_without_backup_is_refused()
    {
        Codex("model_provider = \"codex_proxy\"\n[model_providers.codex_proxy]\nbase_url = \"http://localhost:3211\"\n");
        var ex = Assert.Throws<UserFacingException>(() => ConfigBootstrap.DeriveCodex(home.Paths, home.GetEnv));
        Assert.Contains("own proxy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("config add", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codex_self_pointing_with_backup_derives_from_the_backup()
    {
        Codex("model_provider = \"codex_proxy\"\n[model_providers.codex_proxy]\nbase_url = \"http://127.0.0.1:3211\"\n", "{\"OPENAI_API_KEY\": \"sk-openai-abcdefgh\"}");
        File.WriteAllText(home.Paths.CodexConfigToml + ".codex-helper-backup", "model_provider = \"relay\"\n[model_providers.relay]\nbase_url = \"https://relay.example/v1\"\n");
        var result = ConfigBootstrap.DeriveCodex(home.Paths, home.GetEnv);
        Assert.Equal("relay", result.Config.Name);
        Assert.Equal("https://relay.example/v1", result.Config.Upstreams[0].BaseUrl);
        Assert.Equal("sk-openai-abcdefgh", result.Config.Upstreams[0].Auth.AuthToken);
    }

    [Fact]
    public void Codex_nothing_to_derive_names_the_command_to_run()
    {
        var ex = Assert.Throws<UserFacingException>(() => ConfigBootstrap.DeriveCodex(home.Paths, home.GetEnv));
        Assert.Contains("codex-helper config add NAME --base-url URL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codex_malformed_auth_json_names_file_and_line_without_the_key()
    {
        Codex("", "{\n\"OPENAI_API_KEY\": \"sk-secret-zzzz\",,\n}");
        var ex = Assert.Throws<UserFacingException>(() => ConfigBootstrap.DeriveCodex(home.Paths, home.GetEnv));
        Assert.StartsWith($"{home.Paths.CodexAuthJson}:2:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claude_from_settings_env()
    {
        File.WriteAllText(Path.Combine(home.Paths.ClaudeHome, "settings.json"),
            "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://relay.example.com/api\", \"ANTHROPIC_AUTH_TOKEN\": \"sk-ant-1234567890\"}}");
        var result = ConfigBootstrap.DeriveClaude(home.Paths, home.GetEnv);
        Assert.Equal("relay.example.com", result.Config.Name);
        Assert.Equal("https://relay.example.com/api", result.Config.Upstreams[0].BaseUrl);
        Assert.Equal("sk-ant-1234567890", result.Config.Upstreams[0].Auth.AuthToken);
    }

    [Fact]
    public void Claude_api_key_from_the_environment_is_stored_by_name()
    {
        home.Env["ANTHROPIC_API_KEY"] = "sk-ant-env-123456";
        var u = ConfigBootstrap.DeriveClaude(home.Paths, home.GetEnv).Config.Upstreams[0];
        Assert.Equal("https://api.anthropic.com", u.BaseUrl);
        Assert.Equal("ANTHROPIC_API_KEY", u.Auth.ApiKeyEnv);
        Assert.Null(u.Auth.ApiKey);
    }

    [Fact]
    public void Claude_self_pointing_is_refused()
    {
        File.WriteAllText(Path.Combine(home.Paths.ClaudeHome, "settings.json"),
            "{\"env\": {\"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:3210\", \"ANTHROPIC_AUTH_TOKEN\": \"codex-helper-proxy\"}}");
        Assert.Throws<UserFacingException>(() => ConfigBootstrap.DeriveClaude(home.Paths, home.GetEnv));
    }

    [Fact]
    public void Ensure_saves_the_derived_config_with_user_only_permissions_and_says_so()
    {
        Codex("model = \"o3\"\n", "{\"OPENAI_API_KEY\": \"sk-openai-abcdefgh\"}");
        var notes = new StringWriter();
        var config = ConfigBootstrap.Ensure(ServiceKind.Codex, home.Paths, home.GetEnv, notes);

        Assert.Equal("openai", config.Codex.Active);
        Assert.True(File.Exists(home.Paths.ConfigJson));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(home.Paths.ConfigJson));
        }

        Assert.Contains("created codex config 'openai'", notes.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-openai-abcdefgh", notes.ToString(), StringComparison.Ordinal);

        // A second call finds it and derives nothing.
        var again = new StringWriter();
        ConfigBootstrap.Ensure(ServiceKind.Codex, home.Paths, home.GetEnv, again);
        Assert.Equal("", again.ToString());
    }
}

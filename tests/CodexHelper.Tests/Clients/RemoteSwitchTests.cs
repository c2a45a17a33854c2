using CodexHelper.Clients;
using CodexHelper.Configuration;
using CodexHelper.Diagnostics;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Clients;

public sealed class RemoteSwitchTests : IDisposable
{
    private const string Url = "https://codex-gw.example.com";
    private const string TokenValue = "chg-secret-value-never-written";

    private readonly TempHome home = new();
    private readonly ClientSwitcher switcher;

    public RemoteSwitchTests() => switcher = new ClientSwitcher(home.Paths);

    public void Dispose() => home.Dispose();

    private static SwitchOptions Remote(string variable, string url = Url) => new(0, RemoteUrl: url, TokenEnv: variable);

    [Fact]
    public void Codex_remote_on_then_off_restores_byte_for_byte_and_writes_only_the_variable_name()
    {
        var path = home.Paths.CodexConfigToml;
        File.WriteAllText(path, SampleFiles.RealisticConfigToml);
        var original = File.ReadAllBytes(path);
        Environment.SetEnvironmentVariable("CH_TEAM_TOKEN_TEST", TokenValue);

        var outcome = switcher.On(ServiceKind.Codex, Remote("CH_TEAM_TOKEN_TEST"));
        var text = File.ReadAllText(path);
        Assert.Contains(Url, text, StringComparison.Ordinal);
        Assert.Contains("env_key = \"CH_TEAM_TOKEN_TEST\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenValue, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenValue, string.Join("\n", outcome.Messages), StringComparison.Ordinal);
        var toml = CodexConfigToml.Parse(text, path);
        Assert.Equal(Url, toml.Provider(toml.EffectiveProviderId).BaseUrl);

        var state = File.ReadAllText(Path.Combine(home.Paths.HelperHome, "switch-state.json"));
        Assert.Contains("\"remote\": true", state, StringComparison.Ordinal);
        Assert.Contains(Url, state, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenValue, state, StringComparison.Ordinal);
        var status = switcher.Status(ServiceKind.Codex);
        Assert.True(status.SwitchedOn);
        Assert.True(status.Remote);
        Assert.Equal(Url, status.BaseUrl);

        switcher.Off(ServiceKind.Codex);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + ClientConfigFile.BackupSuffix));
        Environment.SetEnvironmentVariable("CH_TEAM_TOKEN_TEST", null);
    }

    [Fact]
    public void Codex_remote_on_the_builtin_openai_provider_uses_a_provider_table_with_env_key()
    {
        var path = home.Paths.CodexConfigToml;
        File.WriteAllText(path, "model = \"gpt-5\"\n");
        var original = File.ReadAllBytes(path);

        switcher.On(ServiceKind.Codex, Remote("TEAM_TOKEN"));
        var toml = CodexConfigToml.Parse(File.ReadAllText(path), path);
        Assert.Equal(Url, toml.Provider(toml.EffectiveProviderId).BaseUrl);
        Assert.Contains("env_key = \"TEAM_TOKEN\"", File.ReadAllText(path), StringComparison.Ordinal);

        switcher.Off(ServiceKind.Codex);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("TEAM_TOKEN", true)]
    [InlineData("ANTHROPIC_AUTH_TOKEN", false)]
    public void Claude_remote_on_then_off_restores_byte_for_byte_and_never_writes_the_token(string variable, bool helper)
    {
        var path = home.Paths.ClaudeSettingsJson;
        File.WriteAllText(path, SampleFiles.ClaudeSettings);
        var original = File.ReadAllBytes(path);

        switcher.On(ServiceKind.Claude, Remote(variable));
        var settings = ClaudeSettingsJson.Parse(File.ReadAllText(path), path);
        Assert.Equal(Url, settings.Env(ClaudeSettingsJson.BaseUrlKey));
        Assert.Null(settings.Env(ClaudeSettingsJson.AuthTokenKey));
        Assert.Equal(helper ? $"printenv {variable}" : null, settings.Root[ClaudeSettingsJson.ApiKeyHelperKey]?.GetValue<string>());
        Assert.DoesNotContain(TokenValue, File.ReadAllText(path), StringComparison.Ordinal);
        Assert.True(switcher.Status(ServiceKind.Claude).SwitchedOn);

        switcher.Off(ServiceKind.Claude);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void Codex_switch_off_after_an_edit_puts_back_the_env_key_we_replaced_and_keeps_the_edit()
    {
        var path = home.Paths.CodexConfigToml;
        File.WriteAllText(path, SampleFiles.RealisticConfigToml);
        switcher.On(ServiceKind.Codex, Remote("TEAM_TOKEN"));
        Assert.Contains("env_key = \"TEAM_TOKEN\"", File.ReadAllText(path), StringComparison.Ordinal);
        File.WriteAllText(path, File.ReadAllText(path).Replace("model_reasoning_effort = \"high\"", "model_reasoning_effort = \"medium\"", StringComparison.Ordinal));

        switcher.Off(ServiceKind.Codex);

        var expected = SampleFiles.RealisticConfigToml.Replace("model_reasoning_effort = \"high\"", "model_reasoning_effort = \"medium\"", StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Fact]
    public void Codex_switch_off_after_an_edit_removes_the_env_key_we_added_and_keeps_one_the_user_changed()
    {
        const string original = "model_provider = \"mine\"\n\n[model_providers.mine]\nname = \"Mine\"\nbase_url = \"https://relay.example.com/v1\"\n\n[model_providers.other]\nname = \"Other\"\nbase_url = \"https://other.example.com/v1\"\n";
        var path = home.Paths.CodexConfigToml;
        File.WriteAllText(path, original);
        switcher.On(ServiceKind.Codex, Remote("TEAM_TOKEN"));
        Assert.Contains("env_key = \"TEAM_TOKEN\"", File.ReadAllText(path), StringComparison.Ordinal);
        File.AppendAllText(path, "\n[profiles.fast]\nmodel = \"gpt-5-mini\"\n");

        switcher.Off(ServiceKind.Codex);
        Assert.Equal(original + "\n[profiles.fast]\nmodel = \"gpt-5-mini\"\n", File.ReadAllText(path));

        // The user pointed env_key at another variable while switched on: that value is theirs and stays.
        switcher.On(ServiceKind.Codex, Remote("TEAM_TOKEN"));
        File.WriteAllText(path, File.ReadAllText(path).Replace("env_key = \"TEAM_TOKEN\"", "env_key = \"MY_OWN_KEY\"", StringComparison.Ordinal));
        switcher.Off(ServiceKind.Codex);
        var toml = CodexConfigToml.Parse(File.ReadAllText(path), path);
        Assert.Equal("https://relay.example.com/v1", toml.Provider("mine").BaseUrl);
        Assert.Contains("env_key = \"MY_OWN_KEY\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Codex_switch_off_after_an_edit_keeps_an_env_key_the_backup_already_had()
    {
        const string original = "model_provider = \"mine\"\n\n[model_providers.mine]\nname = \"Mine\"\nbase_url = \"https://relay.example.com/v1\"\nenv_key = \"TEAM_TOKEN\"\n";
        var path = home.Paths.CodexConfigToml;
        File.WriteAllText(path, original);
        switcher.On(ServiceKind.Codex, Remote("TEAM_TOKEN"));
        File.AppendAllText(path, "# edited\n");

        switcher.Off(ServiceKind.Codex);
        Assert.Equal(original + "# edited\n", File.ReadAllText(path));
    }

    [Fact]
    public void Claude_switch_off_after_an_edit_removes_our_api_key_helper_puts_back_the_token_and_keeps_the_edit()
    {
        var path = home.Paths.ClaudeSettingsJson;
        File.WriteAllText(path, SampleFiles.ClaudeSettings);
        switcher.On(ServiceKind.Claude, Remote("TEAM_TOKEN"));
        var edited = ClaudeSettingsJson.Parse(File.ReadAllText(path), path);
        edited.Root["model"] = "sonnet";
        File.WriteAllText(path, edited.Serialize("\n", true));

        switcher.Off(ServiceKind.Claude);

        var after = ClaudeSettingsJson.Parse(File.ReadAllText(path), path);
        Assert.Equal("sonnet", after.Root["model"]!.GetValue<string>());
        Assert.Null(after.Root[ClaudeSettingsJson.ApiKeyHelperKey]);
        Assert.Equal("https://relay.example.com/api", after.Env(ClaudeSettingsJson.BaseUrlKey));
        Assert.Equal("sk-ant-relay-1234567890abcd", after.Env(ClaudeSettingsJson.AuthTokenKey));
        var expected = ClaudeSettingsJson.Parse(SampleFiles.ClaudeSettings, path);
        expected.Root["model"] = "sonnet";
        Assert.Equal(expected.Serialize("\n", true), File.ReadAllText(path));
    }

    [Fact]
    public void Claude_switch_off_after_an_edit_keeps_an_api_key_helper_the_user_changed()
    {
        var path = home.Paths.ClaudeSettingsJson;
        File.WriteAllText(path, SampleFiles.ClaudeSettings);
        switcher.On(ServiceKind.Claude, Remote("TEAM_TOKEN"));
        var edited = ClaudeSettingsJson.Parse(File.ReadAllText(path), path);
        edited.Root[ClaudeSettingsJson.ApiKeyHelperKey] = "printenv MY_OTHER_TOKEN";
        File.WriteAllText(path, edited.Serialize("\n", true));

        switcher.Off(ServiceKind.Claude);

        var after = ClaudeSettingsJson.Parse(File.ReadAllText(path), path);
        Assert.Equal("printenv MY_OTHER_TOKEN", after.Root[ClaudeSettingsJson.ApiKeyHelperKey]!.GetValue<string>());
        Assert.Equal("https://relay.example.com/api", after.Env(ClaudeSettingsJson.BaseUrlKey));
    }

    [SkippableFact]
    public async Task Api_key_helper_prints_the_token_through_the_shell_claude_code_uses_and_has_a_cmd_form_for_windows()
    {
        Assert.Equal("printenv TEAM_TOKEN", ClaudeSettingsJson.HelperCommand("TEAM_TOKEN", windows: false));
        // cmd.exe (Claude Code's shell on Windows) has no printenv; an unset variable prints nothing, not "%TEAM_TOKEN%".
        Assert.Equal("if defined TEAM_TOKEN echo %TEAM_TOKEN%", ClaudeSettingsJson.HelperCommand("TEAM_TOKEN", windows: true));
        Skip.If(OperatingSystem.IsWindows(), "runs the POSIX form with /bin/sh");

        // What Claude Code does with it: `sh -c COMMAND`, stdout trimmed.
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(ClaudeSettingsJson.HelperCommand("TEAM_TOKEN"));
        psi.Environment["TEAM_TOKEN"] = TokenValue;
        using var shell = System.Diagnostics.Process.Start(psi)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();
        Assert.Equal(TokenValue, output.Trim());
    }

    [Fact]
    public async Task Doctor_reports_a_gateway_that_answers_even_with_401_as_reachable()
    {
        await using var gateway = await StubUpstream.StartRawAsync(async context =>
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("{\"error\":\"admin token required\"}");
        });
        File.WriteAllText(home.Paths.ClaudeSettingsJson, SampleFiles.ClaudeSettings);
        switcher.On(ServiceKind.Claude, Remote("TEAM_TOKEN", gateway.BaseUrl));

        var check = await RemoteChecks.GatewayAsync(ServiceKind.Claude, home.Paths, CancellationToken.None);
        Assert.NotNull(check);
        Assert.Equal(DoctorCheck.Ok, check.Status);
        Assert.Contains("401", check.Message, StringComparison.Ordinal);
        Assert.Null(await RemoteChecks.GatewayAsync(ServiceKind.Codex, home.Paths, CancellationToken.None));
    }

    [Fact]
    public async Task Doctor_reports_an_unreachable_gateway_as_a_failure_with_the_fix()
    {
        string url;
        await using (var gateway = await StubUpstream.StartRawAsync(_ => Task.CompletedTask))
        {
            url = gateway.BaseUrl;
        }

        File.WriteAllText(home.Paths.CodexConfigToml, SampleFiles.RealisticConfigToml);
        switcher.On(ServiceKind.Codex, Remote("TEAM_TOKEN", url));

        var check = await RemoteChecks.GatewayAsync(ServiceKind.Codex, home.Paths, CancellationToken.None, TimeSpan.FromSeconds(3));
        Assert.NotNull(check);
        Assert.Equal(DoctorCheck.Fail, check.Status);
        Assert.Contains("switch off", check.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_validates_the_url_and_variable_warns_when_unset_and_status_shows_the_gateway()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, SampleFiles.RealisticConfigToml);
        Assert.Equal(2, (await home.RunAsync("switch", "on", "--codex", "--remote", "ftp://gw", "--token-env", "T")).ExitCode);
        Assert.Equal(2, (await home.RunAsync("switch", "on", "--codex", "--remote", Url, "--token-env", "1-BAD")).ExitCode);
        Assert.Equal(2, (await home.RunAsync("switch", "on", "--codex", "--remote", Url)).ExitCode);

        var on = await home.RunAsync("switch", "on", "--codex", "--remote", Url, "--token-env", "CH_SURELY_UNSET_TOKEN");
        Assert.Equal(0, on.ExitCode);
        Assert.Contains("warning: $CH_SURELY_UNSET_TOKEN is not set", on.Error, StringComparison.Ordinal);

        var status = await home.RunAsync("switch", "status", "--codex");
        Assert.Contains(Url, status.Out, StringComparison.Ordinal);
        Assert.Contains("gateway, token from $CH_SURELY_UNSET_TOKEN", status.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await home.RunAsync("switch", "off", "--codex")).ExitCode);
        Assert.Equal(SampleFiles.RealisticConfigToml, File.ReadAllText(home.Paths.CodexConfigToml));
    }
}

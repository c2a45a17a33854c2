using CodexHelper.Clients;
using CodexHelper.Commands;
using CodexHelper.Configuration;
using CodexHelper.Tests.Clients;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Commands;

public sealed class StartCommandTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => home.Dispose();

    private CliContext Context(StringWriter output, bool interactive = false, string input = "") => new()
    {
        Paths = home.Paths,
        Out = output,
        Error = output,
        In = new StringReader(input),
        GetEnv = home.GetEnv,
        IsInteractive = interactive,
    };

    [Fact]
    public async Task Start_bootstraps_switches_on_runs_the_proxy_and_restores_on_cancel()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, SampleFiles.RealisticConfigToml);
        home.Env["PACKY_API_KEY"] = "sk-packy-abcdefgh1234";
        var original = File.ReadAllBytes(home.Paths.CodexConfigToml);
        var output = new StringWriter();
        using var cts = new CancellationTokenSource();
        var sawSwitchedOn = false;

        var code = await StartCommand.RunWithSwitchAsync(Context(output), ServiceKind.Codex, 3999, "127.0.0.1", cts.Token, async token =>
        {
            var status = new ClientSwitcher(home.Paths).Status(ServiceKind.Codex);
            sawSwitchedOn = status.SwitchedOn && status.BaseUrl == "http://127.0.0.1:3999";
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        });

        Assert.Equal(0, code);
        Assert.True(sawSwitchedOn);
        Assert.Equal(original, File.ReadAllBytes(home.Paths.CodexConfigToml));
        Assert.False(File.Exists(home.Paths.CodexConfigToml + ".codex-helper-backup"));
        var config = ConfigStore.For(home.Paths).Load()!;
        Assert.Equal("packy", config.Codex.Active);
        Assert.Equal("PACKY_API_KEY", config.Codex.Configs["packy"].Upstreams[0].Auth.AuthTokenEnv);
        Assert.Contains("created codex config 'packy'", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_failure_still_switches_off()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, "model = \"o3\"\n");
        File.WriteAllText(home.Paths.CodexAuthJson, "{\"OPENAI_API_KEY\":\"sk-openai-12345678\"}");
        await Assert.ThrowsAsync<InvalidOperationException>(() => StartCommand.RunWithSwitchAsync(
            Context(new StringWriter()), ServiceKind.Codex, 3211, "127.0.0.1", CancellationToken.None,
            _ => throw new InvalidOperationException("port in use")));
        Assert.Equal("model = \"o3\"\n", File.ReadAllText(home.Paths.CodexConfigToml));
    }

    [Fact]
    public async Task Crashed_earlier_run_is_reported_and_on_a_terminal_restored_first()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, "model_provider = \"relay\"\n[model_providers.relay]\nbase_url = \"https://relay.example/v1\"\n");
        File.WriteAllText(home.Paths.CodexAuthJson, "{\"OPENAI_API_KEY\":\"sk-openai-12345678\"}");
        var original = File.ReadAllBytes(home.Paths.CodexConfigToml);
        new ClientSwitcher(home.Paths).On(ServiceKind.Codex, new SwitchOptions(3211));

        var output = new StringWriter();
        var restoredBeforeProxy = false;
        await StartCommand.RunWithSwitchAsync(Context(output, interactive: true, input: "y\n"), ServiceKind.Codex, 3211, "127.0.0.1", CancellationToken.None, _ =>
        {
            restoredBeforeProxy = File.Exists(home.Paths.CodexConfigToml + ".codex-helper-backup");
            return Task.FromResult(0);
        });

        Assert.Contains("an earlier run did not switch off", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Restore the backup first? [Y/n]", output.ToString(), StringComparison.Ordinal);
        Assert.True(restoredBeforeProxy);
        Assert.Equal(original, File.ReadAllBytes(home.Paths.CodexConfigToml));
    }

    [Fact]
    public async Task Crashed_earlier_run_without_a_terminal_is_not_asked_about()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, "model = \"o3\"\n");
        File.WriteAllText(home.Paths.CodexAuthJson, "{\"OPENAI_API_KEY\":\"sk-openai-12345678\"}");
        var original = File.ReadAllBytes(home.Paths.CodexConfigToml);
        new ClientSwitcher(home.Paths).On(ServiceKind.Codex, new SwitchOptions(3211));

        var output = new StringWriter();
        await StartCommand.RunWithSwitchAsync(Context(output), ServiceKind.Codex, 3211, "127.0.0.1", CancellationToken.None, _ => Task.FromResult(0));
        Assert.Contains("Not a terminal", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("[Y/n]", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(home.Paths.CodexConfigToml));
    }

    [Fact]
    public async Task Nothing_to_bootstrap_from_fails_before_touching_files()
    {
        var output = new StringWriter();
        var ex = await Assert.ThrowsAsync<UserFacingException>(() => StartCommand.RunWithSwitchAsync(
            Context(output), ServiceKind.Codex, 3211, "127.0.0.1", CancellationToken.None, _ => Task.FromResult(0)));
        Assert.Contains("config add", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(home.Paths.CodexConfigToml));
    }

    [Fact]
    public async Task A_second_start_while_our_proxy_runs_on_the_port_says_so_and_touches_nothing()
    {
        File.WriteAllText(home.Paths.CodexConfigToml, SampleFiles.RealisticConfigToml);
        home.Env["PACKY_API_KEY"] = "sk-packy-abcdefgh1234";
        await using var first = await ProxyHarness.StartAsync(home);
        var port = first.Server.BaseAddress.Port;
        new ClientSwitcher(home.Paths).On(ServiceKind.Codex, new SwitchOptions(port));
        var switched = File.ReadAllBytes(home.Paths.CodexConfigToml);
        var backup = File.ReadAllBytes(home.Paths.CodexConfigToml + ClientConfigFile.BackupSuffix);
        var ran = false;

        var ex = await Assert.ThrowsAsync<UserFacingException>(() => StartCommand.RunWithSwitchAsync(
            Context(new StringWriter(), interactive: true, input: "y\n"), ServiceKind.Codex, port, "127.0.0.1", CancellationToken.None,
            _ => { ran = true; return Task.FromResult(0); }));

        Assert.Contains($"already runs on 127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", ex.Message, StringComparison.Ordinal);
        Assert.False(ran);
        Assert.Equal(switched, File.ReadAllBytes(home.Paths.CodexConfigToml));
        Assert.Equal(backup, File.ReadAllBytes(home.Paths.CodexConfigToml + ClientConfigFile.BackupSuffix));
    }
}

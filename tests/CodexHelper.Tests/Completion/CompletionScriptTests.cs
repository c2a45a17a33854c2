using CodexHelper.Sessions;
using CodexHelper.Tests.Sessions;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Completion;

/// <summary>
/// `completion SHELL` prints a script each shell parses; bash and fish then complete real command lines through a
/// real codex-helper process (commands, options, config names, session ids). zsh and fish are optional here
/// (.ci/run installs them); PowerShell could only be checked on a machine with pwsh.
/// </summary>
public sealed class CompletionScriptTests : IDisposable
{
    private readonly TempHome _home = new();
    private readonly string _bin;

    public CompletionScriptTests()
    {
        // The scripts run `codex-helper` from PATH: a launcher for the test build stands in for the installed one.
        _bin = Path.Combine(_home.Root, "bin");
        Directory.CreateDirectory(_bin);
        var dll = Path.Combine(AppContext.BaseDirectory, "codex-helper.dll");
        var launcher = Path.Combine(_bin, "codex-helper");
        File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet '{dll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _home.WriteHelperFile("config.json", """
            {"version":1,"codex":{"active":"work","configs":{"work":{"name":"work","upstreams":[]},"home-relay":{"name":"home-relay","upstreams":[]}}},"claude":{"active":null,"configs":{"anthro":{"name":"anthro","upstreams":[]}}}}
            """);
    }

    private Dictionary<string, string> Env => new(_home.Env)
    {
        ["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    private async Task<string> Script(string shell)
    {
        var run = await _home.RunAsync("completion", shell);
        Assert.Equal(0, run.ExitCode);
        return run.Out;
    }

    private async Task<string> SaveScript(string shell)
    {
        var path = Path.Combine(_home.Root, "completion." + shell);
        await File.WriteAllTextAsync(path, await Script(shell));
        return path;
    }

    [SkippableTheory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    public async Task Each_shell_parses_its_script(string shell)
    {
        var exe = ShellScript.Find(shell);
        Skip.If(exe is null, $"{shell} is not installed (.ci/run installs it)");
        var script = await SaveScript(shell);

        var run = await ShellScript.RunAsync(exe!, ["-n", script]);

        Assert.True(run.ExitCode == 0, run.Error);
    }

    [Fact]
    public async Task PowerShell_script_registers_a_native_completer_for_both_names()
    {
        var script = await Script("powershell");

        Assert.Contains("Register-ArgumentCompleter -Native -CommandName 'codex-helper', 'codex-helper.exe', 'ch'", script);
        Assert.Contains("[suggest:", script);
    }

    [Fact]
    public async Task Unknown_shell_is_refused()
    {
        var run = await _home.RunAsync("completion", "tcsh");

        Assert.NotEqual(0, run.ExitCode);
    }

    /// <summary>Runs the bash completion function as bash would on Tab after <paramref name="line"/>.</summary>
    private async Task<string[]> BashComplete(string line, string? cwd = null)
    {
        var script = await SaveScript("bash");
        var probe = $$"""
            source '{{script}}'
            COMP_LINE='{{line}}'
            COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<<"$COMP_LINE"
            [[ "$COMP_LINE" == *' ' ]] && COMP_WORDS+=('')
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _codex_helper_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var run = await ShellScript.RunAsync("bash", ["-c", probe], Env, workingDirectory: cwd);
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Bash_offers_commands_then_subcommands_and_options_after_a_dash()
    {
        var top = await BashComplete("ch ");
        Assert.Contains("config", top);
        Assert.Contains("session", top);
        Assert.Contains("completion", top);
        Assert.DoesNotContain(top, w => w.StartsWith('-') || w.StartsWith('/'));

        Assert.Equal(["session"], await BashComplete("codex-helper sess"));
        Assert.Contains("set-active", await BashComplete("ch config "));
        var options = await BashComplete("ch config set-active --c");
        Assert.Equal(["--claude", "--codex"], options.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bash_offers_config_names_and_the_current_directorys_session_ids()
    {
        Assert.Equal(["anthro", "home-relay", "work"], (await BashComplete("ch config set-active ")).Order(StringComparer.Ordinal));
        Assert.Equal(["home-relay"], await BashComplete("ch config remove h"));

        var project = Path.Combine(_home.Root, "project");
        Directory.CreateDirectory(project);
        const string id = "0199aaaa-bbbb-7ccc-8ddd-eeeeffff0001";
        SessionFixtures.WriteRollout(_home.Paths, id, project, DateTimeOffset.UtcNow.AddHours(-1), ["hello"]);
        Assert.Equal([id], await BashComplete("ch session export ", project));
    }

    [SkippableFact]
    public async Task Fish_offers_commands_and_config_names()
    {
        var fish = ShellScript.Find("fish");
        Skip.If(fish is null, "fish is not installed (.ci/run installs it)");
        var script = await SaveScript("fish");

        var run = await ShellScript.RunAsync(fish!, ["-c", $"source '{script}'; complete -C 'ch con'; complete -C 'codex-helper config set-active w'"], Env);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]).ToArray();
        Assert.Equal(["config", "work"], lines);
    }

    public void Dispose() => _home.Dispose();
}

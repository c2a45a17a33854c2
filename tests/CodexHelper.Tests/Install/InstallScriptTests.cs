using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Install;

/// <summary>
/// scripts/install.sh and scripts/uninstall.sh on a fake publish folder (FROM=…), so no build is needed:
/// only the files needed to run are installed, and uninstall removes exactly those again.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("codex-helper-install-").FullName;
    private string Stage => Path.Combine(_root, "publish");
    private string Prefix => Path.Combine(_root, "share", "codex-helper");
    private string BinDir => Path.Combine(_root, "bin");

    public InstallScriptTests()
    {
        Directory.CreateDirectory(Stage);
        File.WriteAllText(Path.Combine(Stage, "codex-helper"), "#!/bin/sh\necho fake\n");
        File.WriteAllText(Path.Combine(Stage, "codex-helper.dll"), "il");
        File.WriteAllText(Path.Combine(Stage, "codex-helper.runtimeconfig.json"), "{}");
        File.WriteAllText(Path.Combine(Stage, "codex-helper.dbg"), "29 MB of symbols");
        File.WriteAllText(Path.Combine(Stage, "codex-helper.pdb"), "symbols");
        File.WriteAllText(Path.Combine(Stage, "codex-helper.staticwebassets.endpoints.json"), "{}");
        File.WriteAllText(Path.Combine(Stage, "web.config"), "<configuration/>");
    }

    private Task<CliRun> Run(string script, string? from = null)
    {
        var env = new Dictionary<string, string> { ["PREFIX"] = Prefix, ["BIN_DIR"] = BinDir, ["HOME"] = _root };
        if (from is not null)
        {
            env["FROM"] = from;
        }

        return ShellScript.RunAsync("bash", [Path.Combine(ShellScript.RepoRoot, "scripts", script)], env);
    }

    [Fact]
    public async Task Install_copies_only_what_runs_and_links_both_names()
    {
        var run = await Run("install.sh", Stage);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            ["codex-helper", "codex-helper.dll", "codex-helper.runtimeconfig.json", "install-manifest.txt"],
            Directory.GetFiles(Prefix).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Path.Combine(Prefix, "codex-helper"), new FileInfo(Path.Combine(BinDir, "ch")).LinkTarget);
        Assert.Equal(Path.Combine(Prefix, "codex-helper"), new FileInfo(Path.Combine(BinDir, "codex-helper")).LinkTarget);
        Assert.True((File.GetUnixFileMode(Path.Combine(Prefix, "codex-helper")) & UnixFileMode.UserExecute) != 0);
    }

    [Fact]
    public async Task Uninstall_removes_exactly_what_install_put_there()
    {
        Directory.CreateDirectory(BinDir);
        File.WriteAllText(Path.Combine(BinDir, "other-tool"), "not ours");
        Assert.Equal(0, (await Run("install.sh", Stage)).ExitCode);
        File.WriteAllText(Path.Combine(Prefix, "notes.txt"), "the user's own file");

        var run = await Run("uninstall.sh");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["notes.txt"], Directory.GetFiles(Prefix).Select(Path.GetFileName));
        Assert.Equal(["other-tool"], Directory.GetFileSystemEntries(BinDir).Select(Path.GetFileName));
        Assert.Contains("still holds files", run.Out);
    }

    [Fact]
    public async Task Uninstall_removes_the_folder_when_empty_and_keeps_a_link_pointed_elsewhere()
    {
        Assert.Equal(0, (await Run("install.sh", Stage)).ExitCode);
        var elsewhere = Path.Combine(_root, "other-ch");
        File.WriteAllText(elsewhere, "another ch");
        File.Delete(Path.Combine(BinDir, "ch"));
        File.CreateSymbolicLink(Path.Combine(BinDir, "ch"), elsewhere);

        var run = await Run("uninstall.sh");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(Directory.Exists(Prefix));
        Assert.False(File.Exists(Path.Combine(BinDir, "codex-helper")));
        Assert.Equal(elsewhere, new FileInfo(Path.Combine(BinDir, "ch")).LinkTarget);
    }

    [Fact]
    public async Task Reinstall_drops_files_of_the_earlier_build()
    {
        File.WriteAllText(Path.Combine(Stage, "Tomlyn.dll"), "jit build only");
        Assert.Equal(0, (await Run("install.sh", Stage)).ExitCode);
        var aot = Path.Combine(_root, "aot");
        Directory.CreateDirectory(aot);
        File.WriteAllText(Path.Combine(aot, "codex-helper"), "native");
        File.WriteAllText(Path.Combine(aot, "codex-helper.dbg"), "symbols");

        Assert.Equal(0, (await Run("install.sh", aot)).ExitCode);

        Assert.Equal(["codex-helper", "install-manifest.txt"], Directory.GetFiles(Prefix).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("native", File.ReadAllText(Path.Combine(Prefix, "codex-helper")));
    }

    [Fact]
    public async Task Uninstall_without_an_install_says_so()
    {
        var run = await Run("uninstall.sh");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("install-manifest.txt", run.Error);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

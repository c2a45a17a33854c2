using System.Runtime.InteropServices;
using CodexHelper.Commands;
using CodexHelper.Diagnostics;
using CodexHelper.Files;
using CodexHelper.Sessions;

namespace CodexHelper.Tests.Platform;

/// <summary>
/// The OS-dependent rules, run here with Windows- and macOS-shaped inputs: homes, path comparison, Claude Code's
/// project folder names, finding npm's shims on PATH, retrying a replace that another process blocks, and which
/// signals end the process when their handler returns. What only the real OS can show is listed in the README.
/// </summary>
public class WindowsAndMacInputTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Windows_home_is_USERPROFILE_not_a_Git_Bash_HOME()
    {
        var paths = AppPaths.FromEnvironment(Env(("HOME", "/c/Users/ana"), ("USERPROFILE", @"C:\Users\ana")), isWindows: true, profileFolder: @"C:\fallback");

        Assert.Equal(Path.Combine(@"C:\Users\ana", ".codex"), paths.CodexHome);
        Assert.Equal(Path.Combine(@"C:\Users\ana", ".claude"), paths.ClaudeHome);
        Assert.Equal(Path.Combine(@"C:\Users\ana", ".codex-helper"), paths.HelperHome);
    }

    [Fact]
    public void Windows_CODEX_HOME_wins_and_tilde_backslash_expands()
    {
        var paths = AppPaths.FromEnvironment(
            Env(("USERPROFILE", @"C:\Users\ana"), ("CODEX_HOME", @"D:\codex"), ("CLAUDE_CONFIG_DIR", @"~\claude-work")), isWindows: true, profileFolder: "");

        Assert.Equal(@"D:\codex", paths.CodexHome);
        Assert.Equal(Path.Combine(@"C:\Users\ana", "claude-work"), paths.ClaudeHome);
    }

    [Fact]
    public void Without_USERPROFILE_the_profile_folder_is_used_and_Unix_keeps_HOME()
    {
        Assert.Equal(Path.Combine(@"C:\Users\bo", ".codex"), AppPaths.FromEnvironment(Env(("HOME", "/c/x")), isWindows: true, profileFolder: @"C:\Users\bo").CodexHome);
        Assert.Equal(Path.Combine("/home/u", ".codex"), AppPaths.FromEnvironment(Env(("HOME", "/home/u"), ("USERPROFILE", "nope")), isWindows: false, profileFolder: "/x").CodexHome);
    }

    [Theory]
    [InlineData(@"C:\Users\Ana\Proj", @"c:/users/ana/proj/", 0)]
    [InlineData(@"\\?\C:\Users\ana\proj\src", @"C:\Users\ana\proj", 1)]
    [InlineData(@"C:\Users\ana\proj", @"C:\Users\ana\proj\src\lib", 2)]
    [InlineData(@"D:\proj", @"C:\proj", null)]
    [InlineData(@"C:\Users\ana\project", @"C:\Users\ana\proj", null)]
    [InlineData(@"\\server\share\proj", @"\\?\UNC\server\share\proj", 0)]
    public void Windows_session_cwds_match_across_separators_case_and_verbatim_prefix(string cwd, string dir, int? distance) =>
        Assert.Equal(distance, DirectoryMatch.Distance(cwd, dir, OsPath.WindowsPaths));

    [Fact]
    public void Windows_drive_root_keeps_its_separator() =>
        Assert.Equal(1, DirectoryMatch.Distance(@"C:\proj", @"C:\", OsPath.WindowsPaths));

    [Fact]
    public void macOS_matches_case_insensitively_and_Linux_does_not()
    {
        Assert.Equal(0, DirectoryMatch.Distance("/Users/ana/Proj", "/Users/ana/proj", OsPath.MacOS));
        Assert.Null(DirectoryMatch.Distance("/home/ana/Proj", "/home/ana/proj", OsPath.Linux));
        Assert.Null(DirectoryMatch.Distance(@"C:\a\b", "C:/a/b", OsPath.Linux));
    }

    [Theory]
    [InlineData(@"C:\Users\ana\my app", "C--Users-ana-my-app")]
    [InlineData("/home/u/my_app.v2", "-home-u-my-app-v2")]
    [InlineData("/home/u/app", "-home-u-app")]
    [InlineData("/home/u/café", "-home-u-caf-")]
    public void Claude_project_folder_names_follow_Claude_Code(string cwd, string folder) =>
        Assert.Equal(folder, ClaudeProjectDirName.Encode(cwd));

    [Fact]
    public void Claude_long_project_folder_names_are_cut_and_hashed_like_Claude_Code()
    {
        // Expected value computed with Claude Code 2.1.197's own function under node.
        var cwd = "/home/u/" + string.Concat(Enumerable.Repeat("very_long_directory_name_", 10)) + "end";

        var folder = ClaudeProjectDirName.Encode(cwd);

        Assert.Equal(ClaudeProjectDirName.Slug(cwd)[..200] + "-i5801s", folder);
        Assert.True(ClaudeProjectDirName.MayMatch(folder, ClaudeProjectDirName.Slug(cwd), OsPath.Linux));
        Assert.True(ClaudeProjectDirName.MayMatch(folder, ClaudeProjectDirName.Slug(cwd + "/sub"), OsPath.Linux));
        Assert.True(ClaudeProjectDirName.MayMatch(folder, "-home-u", OsPath.Linux));
        Assert.False(ClaudeProjectDirName.MayMatch(folder, "-home-other", OsPath.Linux));
    }

    [Fact]
    public void Claude_project_prefilter_finds_Windows_folders_whatever_the_case()
    {
        var slug = ClaudeProjectDirName.Slug(DirectoryMatch.Normalize(@"c:\users\ana\app"));

        Assert.True(ClaudeProjectDirName.MayMatch("C--Users-ana-app", slug, OsPath.WindowsPaths));
        Assert.True(ClaudeProjectDirName.MayMatch("C--Users-ana-app-src", slug, OsPath.WindowsPaths));
        Assert.False(ClaudeProjectDirName.MayMatch("C--Users-ana-app", slug, OsPath.Linux));
    }

    [Fact]
    public void Windows_PATH_search_tries_PATHEXT_in_each_quoted_directory_in_order()
    {
        var candidates = PathSearch.Candidates("codex", @"C:\Windows;""C:\Users\ana\AppData\Roaming\npm"";;C:\tools\", ".EXE;.CMD", isWindows: true).ToList();

        Assert.Equal(
            [@"C:\Windows\codex.EXE", @"C:\Windows\codex.CMD", @"C:\Users\ana\AppData\Roaming\npm\codex.EXE", @"C:\Users\ana\AppData\Roaming\npm\codex.CMD", @"C:\tools\codex.EXE", @"C:\tools\codex.CMD"],
            candidates);
        Assert.Contains(@"C:\npm\claude.CMD", PathSearch.Candidates("claude", @"C:\npm", null, isWindows: true));
        Assert.Equal(["/usr/bin/codex", "/opt/n/codex"], PathSearch.Candidates("codex", "/usr/bin::/opt/n", ".EXE", isWindows: false));
    }

    [Fact]
    public void Npm_cmd_shims_are_started_through_cmd_exe()
    {
        Assert.Equal("cmd.exe /d /c C:\\npm\\codex.cmd --version", Flatten(PathSearch.Launch(@"C:\npm\codex.cmd", ["--version"], isWindows: true)));
        Assert.Equal("cmd.exe /d /c C:\\npm\\claude.CMD -p", Flatten(PathSearch.Launch(@"C:\npm\claude.CMD", ["-p"], isWindows: true)));
        Assert.Equal("C:\\bin\\codex.exe --version", Flatten(PathSearch.Launch(@"C:\bin\codex.exe", ["--version"], isWindows: true)));
        Assert.Equal("/usr/bin/codex.cmd --version", Flatten(PathSearch.Launch("/usr/bin/codex.cmd", ["--version"], isWindows: false)));

        static string Flatten((string File, string[] Args) launch) => string.Join(' ', [launch.File, .. launch.Args]);
    }

    [Fact]
    public void A_replace_blocked_by_another_process_is_retried_then_succeeds()
    {
        var calls = 0;
        var sleeps = new List<int>();

        ReplaceRetry.Run(() =>
        {
            if (++calls < 3)
            {
                throw new UnauthorizedAccessException("sharing violation");
            }
        }, attempts: 10, sleeps.Add);

        Assert.Equal(3, calls);
        Assert.Equal([20, 40], sleeps);
    }

    [Fact]
    public void A_replace_that_stays_blocked_fails_with_the_last_error()
    {
        var calls = 0;

        Assert.Throws<IOException>(() => ReplaceRetry.Run(() => { calls++; throw new IOException("in use"); }, attempts: 4, _ => { }));
        Assert.Equal(4, calls);
        Assert.Throws<InvalidOperationException>(() => ReplaceRetry.Run(() => throw new InvalidOperationException(), attempts: 4, _ => Assert.Fail("not an I/O error")));
    }

    [Fact]
    public void Console_close_and_shutdown_end_a_Windows_process_when_the_handler_returns()
    {
        Assert.True(ShutdownSignal.EndsWhenHandlerReturns(PosixSignal.SIGHUP, isWindows: true));
        Assert.True(ShutdownSignal.EndsWhenHandlerReturns(PosixSignal.SIGTERM, isWindows: true));
        Assert.False(ShutdownSignal.EndsWhenHandlerReturns(PosixSignal.SIGINT, isWindows: true));
        Assert.False(ShutdownSignal.EndsWhenHandlerReturns(PosixSignal.SIGTERM, isWindows: false));
        Assert.False(ShutdownSignal.EndsWhenHandlerReturns(PosixSignal.SIGHUP, isWindows: false));
    }
}

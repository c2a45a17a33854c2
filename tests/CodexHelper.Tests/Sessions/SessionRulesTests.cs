using CodexHelper.Sessions;

namespace CodexHelper.Tests.Sessions;

public sealed class SessionRulesTests
{
    [Theory]
    [InlineData("/home/u/app", "/home/u/app", 0)]
    [InlineData("/home/u/app/", "/home/u/app", 0)]
    [InlineData("/home/u/app/src", "/home/u/app", 1)]
    [InlineData("/home/u/app/src/lib", "/home/u/app", 2)]
    [InlineData("/home/u", "/home/u/app", 1)]
    [InlineData("/", "/home/u/app", 3)]
    [InlineData("/home/u/application", "/home/u/app", null)]
    [InlineData("/home/u/other", "/home/u/app", null)]
    [InlineData(null, "/home/u/app", null)]
    public void Distance_counts_path_segments_between_related_directories(string? cwd, string dir, int? expected) =>
        Assert.Equal(expected, DirectoryMatch.Distance(cwd, dir));

    [Theory]
    [InlineData("<environment_context>\n<cwd>/x</cwd>", true)]
    [InlineData("  <user_instructions>be brief</user_instructions>", true)]
    [InlineData("# AGENTS.md instructions for /x", true)]
    [InlineData("<INSTRUCTIONS>", true)]
    [InlineData("", true)]
    [InlineData("fix the <environment_context> parser", false)]
    [InlineData("say hi", false)]
    public void Codex_injected_context_is_not_the_users_words(string text, bool injected) =>
        Assert.Equal(injected, UserText.IsInjected(text, SessionSource.Codex));

    [Theory]
    [InlineData("<command-name>/model</command-name>", true)]
    [InlineData("<local-command-stdout>ok</local-command-stdout>", true)]
    [InlineData("Caveat: The messages below", true)]
    [InlineData("refactor the parser", false)]
    public void Claude_command_wrappers_are_not_the_users_words(string text, bool injected) =>
        Assert.Equal(injected, UserText.IsInjected(text, SessionSource.Claude));

    [Fact]
    public void OneLine_collapses_whitespace_and_truncates_with_an_ellipsis()
    {
        Assert.Equal("fix the bug in parser", UserText.OneLine("  fix the\n\tbug   in parser \n"));
        var longTitle = UserText.OneLine(new string('a', 200));
        Assert.Equal(80, longTitle.Length);
        Assert.EndsWith("…", longTitle, StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_summary_prefers_the_command()
    {
        Assert.Equal("bash -lc ls -la", ToolCallSummary.FromArguments("{\"command\":[\"bash\",\"-lc\",\"ls -la\"]}"));
        Assert.Equal("{\"a\":1}", ToolCallSummary.FromArguments("{\"a\":1}"));
        Assert.Equal("not json", ToolCallSummary.FromArguments("not json"));
        Assert.True(ToolCallSummary.FromArguments("{\"x\":\"" + new string('z', 500) + "\"}").Length <= 80);
    }

    [Fact]
    public void Claude_project_folder_prefilter_keeps_related_projects_only()
    {
        var dir = ClaudeProjectDirName.Encode("/home/u/app");
        Assert.Equal("-home-u-app", dir);
        Assert.True(ClaudeSessionFile.MayMatch("-home-u-app", dir));
        Assert.True(ClaudeSessionFile.MayMatch("-home-u-app-src", dir));
        Assert.True(ClaudeSessionFile.MayMatch("-home-u", dir));
        Assert.False(ClaudeSessionFile.MayMatch("-home-u-other", dir));
        Assert.False(ClaudeSessionFile.MayMatch("-home-u-application", dir));
    }
}

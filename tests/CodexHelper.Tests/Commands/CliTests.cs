using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Commands;

public class CliTests
{
    [Fact]
    public async Task Help_lists_the_whole_command_tree_of_the_original()
    {
        using var home = new TempHome();
        var run = await home.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        // The names in the help's "Commands:" section, not words anywhere in the text (descriptions mention most of them).
        var listed = run.Out.Split('\n').SkipWhile(l => !l.StartsWith("Commands:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0])
            .Where(name => name.Length > 0)
            .ToList();
        Assert.Equal(["config", "default", "doctor", "serve", "session", "status", "switch", "token", "usage"], listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Serve_with_a_malformed_config_names_file_and_line_and_leaves_the_file_alone()
    {
        using var home = new TempHome();
        const string broken = "{\n  \"version\": 1,\n  \"codex\": { \"active\": \"x\", }\n  oops\n}";
        TestConfig.WriteRaw(home, broken);

        var run = await home.RunAsync("serve", "--port", "0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(home.Paths.ConfigJson + ":4:", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Equal(broken, File.ReadAllText(home.Paths.ConfigJson));
    }

    [Fact]
    public async Task Serve_rejects_a_host_that_is_not_an_address()
    {
        using var home = new TempHome();
        var run = await home.RunAsync("serve", "--host", "example.com", "--port", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--host", run.Error);
    }
}

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
        string[] original = ["config", "default", "doctor", "serve", "session", "status", "switch", "usage"];
        string[] ours = ["completion", "dashboard", "token", "top", "upstream"];
        Assert.Equal(original.Concat(ours).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
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
    public async Task Status_into_a_pipe_whose_reader_left_ends_quietly_without_a_stack_trace()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var home = new TempHome();
        home.Env["CODEX_HELPER_CODEX_PORT"] = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        home.Env["CODEX_HELPER_CLAUDE_PORT"] = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.Start(HelperProcess.StartInfo(home, "status"))!;
        process.StandardOutput.Close(); // the reader leaves before the first line (like `| head -0`)
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.DoesNotContain("Unhandled exception", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(CodexHelper.Commands.Cli.BrokenPipeExitCode, process.ExitCode);
    }

    [Fact]
    public async Task Serve_rejects_a_host_that_is_not_an_address()
    {
        using var home = new TempHome();
        var run = await home.RunAsync("serve", "--host", "example.com", "--port", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--host", run.Error);
    }

    [Theory]
    [InlineData(new[] { "switch", "on", "--port", "abc" }, "'--port': expected a whole number", "codex-helper switch on --help")]
    [InlineData(new[] { "usage", "sumary" }, "Unrecognized command or argument 'sumary'", "codex-helper usage --help")]
    [InlineData(new[] { "session", "list", "--limt", "3" }, "'--limt'", "codex-helper session list --help")]
    public async Task A_command_line_mistake_is_one_line_and_a_hint_with_exit_2(string[] args, string problem, string hint)
    {
        using var home = new TempHome();
        var run = await home.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("codex-helper: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(problem, lines[0], StringComparison.Ordinal);
        Assert.Contains(hint, lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_summary_for_a_service_with_no_lines_says_which()
    {
        using var home = new TempHome();
        var none = await home.RunAsync("usage", "summary", "--claude");
        Assert.Contains("No requests logged yet", none.Out, StringComparison.Ordinal);

        Directory.CreateDirectory(home.Paths.LogsDir);
        File.WriteAllText(home.Paths.RequestLog, "{\"timestamp_ms\":1767225600000,\"service\":\"codex\",\"method\":\"POST\",\"path\":\"/responses\",\"status_code\":200,\"duration_ms\":5}\n");
        var run = await home.RunAsync("usage", "summary", "--claude");
        Assert.Contains("No claude requests", run.Out, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Commands;

/// <summary>
/// Output through real shell redirects: a FileStream over fd 1/2 wrote with pwrite at its own offset 0, so what the
/// shell (or the other stream, after 2&gt;&amp;1) wrote before was overwritten.
/// </summary>
public sealed class OutputRedirectTests
{
    private static string Run(TempHome home, string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = home.Root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["CH"] = "dotnet " + Path.Combine(AppContext.BaseDirectory, "codex-helper.dll");
        foreach (var (k, v) in home.Env)
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
        return File.ReadAllText(Path.Combine(home.Root, "f"));
    }

    [Fact]
    public void Output_between_shell_lines_in_one_redirect_keeps_every_line()
    {
        using var home = new TempHome();
        var text = Run(home, "{ echo A; $CH --version; echo B; } > f");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("A", lines[0]);
        Assert.StartsWith("0.", lines[1], StringComparison.Ordinal);
        Assert.Equal("B", lines[2]);
    }

    [Fact]
    public void Appending_and_stderr_into_the_same_file_keep_what_was_there()
    {
        using var home = new TempHome();
        var text = Run(home, "echo X > f; $CH --version >> f; $CH no-such-command >> f 2>&1; echo Y >> f; true");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("X", lines[0]);
        Assert.StartsWith("0.", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("no-such-command", StringComparison.Ordinal));
        Assert.Equal("Y", lines[^1]);
    }
}

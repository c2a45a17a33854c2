namespace CodexHelper.Tests.Support;

/// <summary>
/// System programs some tests drive for real (redis-server, chromium, tmux). On a developer's machine without one,
/// those tests are skipped and say what to install, so that plain <c>dotnet test</c> stays green; CI sets
/// CODEX_HELPER_E2E_REQUIRED=1 (.ci/run installs them), and there a missing program fails the test.
/// </summary>
internal static class SystemTool
{
    public static void Require(string program, string package)
    {
        if (Find(program) is not null)
        {
            return;
        }

        var message = $"{program} is not installed: `apt-get install -y {package}` (.ci/run does)";
        if (Environment.GetEnvironmentVariable("CODEX_HELPER_E2E_REQUIRED") == "1")
        {
            throw new InvalidOperationException(message);
        }

        Skip.If(true, message);
    }

    private static string? Find(string program)
    {
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

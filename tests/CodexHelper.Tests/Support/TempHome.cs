using CodexHelper.Commands;

namespace CodexHelper.Tests.Support;

/// <summary>
/// A throw-away home: CODEX_HELPER_HOME, CODEX_HOME and CLAUDE_CONFIG_DIR under one temp directory,
/// so no test ever reads or writes the real ~/.codex or ~/.claude.
/// </summary>
internal sealed class TempHome : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("codex-helper-test-").FullName;
    public AppPaths Paths { get; }
    public Dictionary<string, string> Env { get; } = new();

    public TempHome()
    {
        Paths = new AppPaths(Path.Combine(Root, "helper"), Path.Combine(Root, "codex"), Path.Combine(Root, "claude"));
        Directory.CreateDirectory(Paths.HelperHome);
        Directory.CreateDirectory(Paths.CodexHome);
        Directory.CreateDirectory(Paths.ClaudeHome);
        Env["CODEX_HELPER_HOME"] = Paths.HelperHome;
        Env["CODEX_HOME"] = Paths.CodexHome;
        Env["CLAUDE_CONFIG_DIR"] = Paths.ClaudeHome;
        Env["HOME"] = Root;
    }

    public string? GetEnv(string name) => Env.TryGetValue(name, out var v) ? v : null;

    /// <summary>Runs a command in-process against this home; returns exit code and captured output.</summary>
    public async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var ctx = new CliContext
        {
            Paths = Paths,
            Out = output,
            Error = error,
            GetEnv = GetEnv,
            IsInteractive = false,
            CurrentDirectory = Root,
        };
        var code = await Cli.RunAsync(args, ctx);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public string WriteHelperFile(string name, string content)
    {
        var path = Path.Combine(Paths.HelperHome, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record CliRun(int ExitCode, string Out, string Error);

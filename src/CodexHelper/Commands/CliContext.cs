using CodexHelper.Configuration;

namespace CodexHelper.Commands;

/// <summary>
/// What a command may touch: paths, environment, console streams. Passed in rather than reached for,
/// so that tests run commands in-process against temp homes and capture their output.
/// </summary>
internal sealed class CliContext
{
    public required AppPaths Paths { get; init; }
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public TextReader In { get; init; } = TextReader.Null;
    public Func<string, string?> GetEnv { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>True when a person can answer a question on the terminal.</summary>
    public bool IsInteractive { get; init; }

    /// <summary>Current directory for commands that default to it (sessions).</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    public ConfigStore ConfigStore => ConfigStore.For(Paths);

    public static CliContext FromProcess() => new()
    {
        Paths = AppPaths.FromEnvironment(),
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        IsInteractive = !Console.IsInputRedirected && !Console.IsOutputRedirected,
    };
}

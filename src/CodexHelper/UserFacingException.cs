namespace CodexHelper;

/// <summary>
/// A user mistake in a file we read: reported as one line (file, line, problem), never as a stack trace.
/// </summary>
internal sealed class UserFacingException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static UserFacingException InFile(string path, long? line, string problem) =>
        new(line is { } l ? $"{path}:{l}: {problem}" : $"{path}: {problem}");
}

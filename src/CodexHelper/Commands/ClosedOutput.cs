namespace CodexHelper.Commands;

/// <summary>
/// <c>codex-helper … | head</c>: once the reader has gone, writing to stdout fails with a broken pipe. .NET ignores
/// SIGPIPE, so the write throws where a C program would simply end; that ending is not an error, so the process
/// exits quietly with the status a shell shows for it (128 + SIGPIPE) instead of printing a stack trace.
/// </summary>
internal static class ClosedOutput
{
    public const int ExitCode = 141;

    public static bool IsBrokenPipe(IOException ex) => ex.HResult is
        32 // EPIPE (Linux and macOS): .NET puts the errno in HResult
        or unchecked((int)0x800700E8) // Windows ERROR_NO_DATA: the pipe is being closed
        or unchecked((int)0x8007006D); // Windows ERROR_BROKEN_PIPE
}

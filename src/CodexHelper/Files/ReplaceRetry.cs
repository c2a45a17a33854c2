namespace CodexHelper.Files;

/// <summary>
/// Replacing a file on Windows fails (sharing violation, access denied) while another process has it open without
/// FILE_SHARE_DELETE: Codex or Claude Code reading its config at that instant, an editor, an antivirus scan. Those
/// opens are short, so the rename is tried again a few times before the error reaches the user. On Unix a rename
/// over an open file always succeeds, so there it is tried once.
/// </summary>
internal static class ReplaceRetry
{
    public static int Attempts { get; } = OperatingSystem.IsWindows() ? 10 : 1;

    public static void Move(string temp, string path) =>
        Run(() => File.Move(temp, path, overwrite: true), Attempts, Thread.Sleep);

    /// <summary>Runs <paramref name="replace"/>, retrying I/O and access errors with a growing pause (20, 40, … ms).</summary>
    public static void Run(Action replace, int attempts, Action<int> sleep)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                replace();
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && attempt < attempts)
            {
                sleep(20 * attempt);
            }
        }
    }
}

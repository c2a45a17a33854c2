namespace CodexHelper.Files;

/// <summary>
/// Writes that never leave a half-written user file: the new content goes to a temp file in the
/// same directory (same filesystem, so the rename is atomic), is flushed, keeps the old file's
/// permissions, and then replaces the target in one rename.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content, UnixFileMode? newFileMode = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $"{TempPrefix(path)}{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                var mode = File.Exists(path) ? File.GetUnixFileMode(path) : newFileMode;
                if (mode is { } m)
                {
                    File.SetUnixFileMode(temp, m);
                }
            }

            ReplaceRetry.Move(temp, path);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string content, UnixFileMode? newFileMode = null) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content), newFileMode);

    /// <summary>Copies <paramref name="source"/> to <paramref name="backup"/> atomically, keeping its mode.</summary>
    public static void Copy(string source, string backup)
    {
        var bytes = File.ReadAllBytes(source);
        WriteAllBytes(backup, bytes, OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(source));
    }

    /// <summary>
    /// Deletes temp files of <see cref="WriteAllBytes"/> for <paramref name="path"/> that a killed process left
    /// behind (<c>.NAME.PID.GUID.tmp</c>, exactly our pattern, nothing else). Call it only while holding the lock
    /// every writer of <paramref name="path"/> holds: then no such file can belong to a write in progress.
    /// </summary>
    public static int DeleteOrphanedTemps(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir))
        {
            return 0;
        }

        var prefix = TempPrefix(path);
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
        {
            var middle = Path.GetFileName(file)[prefix.Length..^".tmp".Length].Split('.');
            if (middle.Length == 2 && middle[0].Length > 0 && middle[0].All(char.IsAsciiDigit)
                && middle[1].Length == 32 && middle[1].All(char.IsAsciiHexDigitLower))
            {
                TryDelete(file);
                deleted++;
            }
        }

        return deleted;
    }

    private static string TempPrefix(string path) => $".{Path.GetFileName(path)}.";

    public const UnixFileMode UserOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

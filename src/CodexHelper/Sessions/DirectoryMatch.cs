using CodexHelper.Files;

namespace CodexHelper.Sessions;

/// <summary>
/// Pure: how closely a session's cwd relates to the directory asked about. 0 = the same directory,
/// n = one lies n path segments under the other, null = unrelated. Smaller sorts first.
/// </summary>
internal static class DirectoryMatch
{
    public static int? Distance(string? sessionCwd, string directory) => Distance(sessionCwd, directory, OsPath.Current);

    /// <summary>As on <paramref name="os"/>: Windows cwds match across `\`/`/`, case and the `\\?\` prefix.</summary>
    public static int? Distance(string? sessionCwd, string directory, OsPath os)
    {
        if (string.IsNullOrEmpty(sessionCwd))
        {
            return null;
        }

        var cwd = os.Normalize(sessionCwd);
        var dir = os.Normalize(directory);
        if (string.Equals(cwd, dir, os.Comparison))
        {
            return 0;
        }

        return SegmentsBelow(cwd, dir, os.Comparison) ?? SegmentsBelow(dir, cwd, os.Comparison);
    }

    /// <summary>How many segments <paramref name="path"/> lies below <paramref name="ancestor"/>, or null when it does not.</summary>
    private static int? SegmentsBelow(string path, string ancestor, StringComparison comparison)
    {
        var prefix = ancestor.EndsWith('/') ? ancestor : ancestor + "/";
        if (!path.StartsWith(prefix, comparison) || path.Length == prefix.Length)
        {
            return null;
        }

        var rest = path.AsSpan(prefix.Length);
        return rest.Count('/') + 1;
    }

    public static string Normalize(string path) => OsPath.Current.Normalize(path);
}

namespace CodexHelper.Sessions;

/// <summary>
/// Pure: how closely a session's cwd relates to the directory asked about. 0 = the same directory,
/// n = one lies n path segments under the other, null = unrelated. Smaller sorts first.
/// </summary>
internal static class DirectoryMatch
{
    private static readonly StringComparison Comparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static int? Distance(string? sessionCwd, string directory)
    {
        if (string.IsNullOrEmpty(sessionCwd))
        {
            return null;
        }

        var cwd = Normalize(sessionCwd);
        var dir = Normalize(directory);
        if (string.Equals(cwd, dir, Comparison))
        {
            return 0;
        }

        return SegmentsBelow(cwd, dir) ?? SegmentsBelow(dir, cwd);
    }

    /// <summary>How many segments <paramref name="path"/> lies below <paramref name="ancestor"/>, or null when it does not.</summary>
    private static int? SegmentsBelow(string path, string ancestor)
    {
        var prefix = ancestor.EndsWith('/') ? ancestor : ancestor + "/";
        if (!path.StartsWith(prefix, Comparison) || path.Length == prefix.Length)
        {
            return null;
        }

        var rest = path.AsSpan(prefix.Length);
        return rest.Count('/') + 1;
    }

    public static string Normalize(string path)
    {
        var p = OperatingSystem.IsWindows() ? path.Replace('\\', '/') : path;
        while (p.Length > 1 && p.EndsWith('/'))
        {
            p = p[..^1];
        }

        return p;
    }
}

namespace CodexHelper.Files;

/// <summary>
/// Pure: how paths compare on one OS, so that the Windows and macOS rules can be tested on Linux with their inputs.
/// Windows: `\` and `/` are the same separator, the `\\?\` prefix (Rust's canonical paths) means nothing, and case
/// does not matter (drive letters included). macOS: case does not matter (APFS and HFS+ are case-insensitive by
/// default). Linux: paths are compared as they are.
/// </summary>
internal sealed record OsPath(bool Windows, bool IgnoreCase)
{
    public static OsPath Linux { get; } = new(Windows: false, IgnoreCase: false);
    public static OsPath MacOS { get; } = new(Windows: false, IgnoreCase: true);
    public static OsPath WindowsPaths { get; } = new(Windows: true, IgnoreCase: true);

    public static OsPath Current { get; } =
        OperatingSystem.IsWindows() ? WindowsPaths : OperatingSystem.IsMacOS() ? MacOS : Linux;

    public StringComparison Comparison => IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>`/`-separated, without a trailing separator (except a root), without Windows' `\\?\` prefix.</summary>
    public string Normalize(string path)
    {
        var p = path;
        if (Windows)
        {
            p = p.Replace('\\', '/');
            if (p.StartsWith("//?/UNC/", StringComparison.OrdinalIgnoreCase))
            {
                p = "//" + p[8..];
            }
            else if (p.StartsWith("//?/", StringComparison.Ordinal) || p.StartsWith("//./", StringComparison.Ordinal))
            {
                p = p[4..];
            }
        }

        while (p.Length > 1 && p.EndsWith('/') && !(Windows && p.Length == 3 && p[1] == ':'))
        {
            p = p[..^1];
        }

        return p;
    }
}

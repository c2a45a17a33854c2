using CodexHelper.Files;

namespace CodexHelper.Sessions;

/// <summary>
/// Pure: the folder name Claude Code gives a project under <c>projects/</c>, as Claude Code 2.1 computes it: every
/// UTF-16 unit that is not an ASCII letter or digit becomes <c>-</c> (so <c>/home/u/my_app</c> →
/// <c>-home-u-my-app</c>, <c>C:\Users\ana\app</c> → <c>C--Users-ana-app</c>); a name longer than 200 is cut to 200
/// and followed by <c>-</c> and the path's 32-bit string hash in base 36.
/// </summary>
internal static class ClaudeProjectDirName
{
    public const int MaxLength = 200;

    public static string Encode(string cwd)
    {
        var slug = Slug(cwd);
        return slug.Length <= MaxLength ? slug : $"{slug[..MaxLength]}-{Base36(Math.Abs((long)StringHash(cwd)))}";
    }

    /// <summary>The encoding before it is cut to length.</summary>
    public static string Slug(string cwd) =>
        string.Create(cwd.Length, cwd, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(s[i]) ? s[i] : '-';
            }
        });

    /// <summary>
    /// Whether a project folder may hold sessions of <paramref name="slug"/>'s directory, above it or below it.
    /// Encoding loses information ('-' may have been any other character), so this only rules projects out.
    /// </summary>
    public static bool MayMatch(string folder, string slug, OsPath os)
    {
        var comparison = os.Comparison;
        if (folder.Length > MaxLength)
        {
            // Only the first 200 characters of a long folder name are the path; the rest is a hash we cannot invert.
            var prefix = folder[..MaxLength];
            return slug.Length >= MaxLength
                ? slug.StartsWith(prefix, comparison)
                : prefix.StartsWith(WithDash(slug), comparison);
        }

        return string.Equals(folder, slug, comparison)
            || folder.StartsWith(WithDash(slug), comparison)
            || slug.StartsWith(WithDash(folder), comparison);
    }

    private static string WithDash(string s) => s.EndsWith('-') ? s : s + "-";

    /// <summary>Java's String.hashCode over UTF-16 units, as Claude Code computes it.</summary>
    private static int StringHash(string s)
    {
        var h = 0;
        foreach (var c in s)
        {
            h = unchecked((h << 5) - h + c);
        }

        return h;
    }

    private static string Base36(long value)
    {
        if (value == 0)
        {
            return "0";
        }

        Span<char> digits = stackalloc char[16];
        var i = digits.Length;
        while (value > 0)
        {
            digits[--i] = "0123456789abcdefghijklmnopqrstuvwxyz"[(int)(value % 36)];
            value /= 36;
        }

        return new string(digits[i..]);
    }
}

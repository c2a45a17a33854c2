using System.Text;
using CodexHelper.Configuration;

namespace CodexHelper.Proxy.Judging;

/// <summary>
/// What a failed upstream said, for the request log's <c>attempts</c>: its JSON error message, else the start of its
/// body (an nginx page, plain text) on one line. Bounded, and scrubbed of the keys this request carried and of
/// anything shaped like a key, since relays echo the key they refused.
/// </summary>
internal static class UpstreamErrorExcerpt
{
    public const int MaxChars = 200;

    /// <summary>Scrubbed before it is cut, over this much text, so a key is never cut into a part the patterns miss.</summary>
    private const int ScanBytes = 2048;

    /// <summary>"HTTP 503: overloaded" for the attempt's error; <paramref name="error"/> unchanged when the body says nothing.</summary>
    public static string? Append(string? error, ReadOnlySpan<byte> body, IEnumerable<string?> keys)
    {
        var excerpt = Of(body, keys);
        return excerpt is null ? error : error is null ? excerpt : $"{error}: {excerpt}";
    }

    public static string? Of(ReadOnlySpan<byte> body, IEnumerable<string?> keys)
    {
        var text = FailureSummary.UpstreamMessage(body) ?? Encoding.UTF8.GetString(body[..Math.Min(body.Length, ScanBytes)]);
        if (text.Count(c => c is '\0' or '\uFFFD') > 8)
        {
            return null; // compressed or binary despite our Accept-Encoding: nothing a person could read
        }

        var line = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            // Control characters (newlines of an HTML page, a NUL) become spaces, runs of spaces one.
            var c = char.IsControl(ch) || char.IsWhiteSpace(ch) ? ' ' : ch;
            if (c != ' ' || (line.Length > 0 && line[^1] != ' '))
            {
                line.Append(c);
            }
        }

        var known = keys.OfType<string>().ToArray();
        var scrubbed = new SecretScrubber(() => known).Scrub(line.ToString().Trim());
        if (string.IsNullOrEmpty(scrubbed))
        {
            return null;
        }

        return scrubbed.Length <= MaxChars ? scrubbed : string.Concat(scrubbed.AsSpan(0, MaxChars), "…");
    }
}

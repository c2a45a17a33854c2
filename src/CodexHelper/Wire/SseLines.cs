namespace CodexHelper.Wire;

/// <summary>
/// Lines and events of an SSE stream as the spec defines them: a line ends with CRLF, LF or CR (servers use all
/// three), and an event ends with a blank line. Works on spans in place; nothing is allocated.
/// </summary>
internal static class SseLines
{
    /// <summary>
    /// The first line of <paramref name="rest"/> without its line end, and <paramref name="rest"/> advanced past
    /// it. <paramref name="terminated"/> is false when the bytes ran out before a line end (an incomplete line).
    /// </summary>
    public static ReadOnlySpan<byte> NextLine(scoped ref ReadOnlySpan<byte> rest, out bool terminated)
    {
        var eol = rest.IndexOfAny((byte)'\r', (byte)'\n');
        if (eol < 0)
        {
            var all = rest;
            rest = default;
            terminated = false;
            return all;
        }

        var line = rest[..eol];
        var length = rest[eol] == (byte)'\r' && eol + 1 < rest.Length && rest[eol + 1] == (byte)'\n' ? 2 : 1;
        rest = rest[(eol + length)..];
        terminated = true;
        return line;
    }

    /// <summary>
    /// Where the first event of <paramref name="bytes"/> ends (the start of its blank line), or -1 when no blank
    /// line has arrived yet; <paramref name="consumed"/> is the length up to and including the blank line.
    /// A CR that ends the bytes counts as a whole line end: an LF after it starts an empty event, which is ignored.
    /// </summary>
    public static int EventEnd(ReadOnlySpan<byte> bytes, out int consumed)
    {
        var rest = bytes;
        while (true)
        {
            var start = bytes.Length - rest.Length;
            var line = NextLine(ref rest, out var terminated);
            if (!terminated)
            {
                consumed = 0;
                return -1;
            }

            if (line.IsEmpty)
            {
                consumed = bytes.Length - rest.Length;
                return start;
            }
        }
    }

    /// <summary>
    /// Whether bytes ending in <paramref name="tail"/> (their last four, or all of them when fewer) end with a
    /// blank line, i.e. between two events: the last line end directly follows another one.
    /// </summary>
    public static bool EndsAtEventEnd(ReadOnlySpan<byte> tail)
    {
        if (tail.IsEmpty || tail[^1] is not ((byte)'\n' or (byte)'\r'))
        {
            return false;
        }

        var lastEnd = tail[^1] == (byte)'\n' && tail.Length >= 2 && tail[^2] == (byte)'\r' ? 2 : 1;
        var before = tail.Length - lastEnd - 1;
        return before >= 0 && tail[before] is (byte)'\n' or (byte)'\r';
    }
}

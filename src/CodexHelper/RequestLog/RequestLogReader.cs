using System.Text;

namespace CodexHelper.RequestLog;

/// <summary>
/// The newest lines of the request log and its rotated files (<c>usage tail</c>, doctor, status), read backwards
/// from the end in chunks so the cost does not grow with the log. Forward reading is <see cref="Files.JsonlLineReader"/>'s.
/// </summary>
internal sealed class RequestLogReader(string path)
{
    private const int TailChunk = 64 * 1024;

    public string FilePath { get; } = path;

    /// <summary>The last <paramref name="n"/> non-empty raw lines, oldest first, read backwards from the end.</summary>
    public IReadOnlyList<string> TailLines(int n)
    {
        var newestFirst = new List<string>(Math.Clamp(n, 0, 10_000));
        if (n <= 0)
        {
            return newestFirst;
        }

        TailSet(FilePath, n, newestFirst);
        var replicas = RequestLogFiles.InstanceSets(FilePath);
        if (replicas.Count == 0)
        {
            newestFirst.Reverse();
            return newestFirst;
        }

        // Gateway replicas each keep a log: take the last n of every set, then the newest n of those by time.
        var all = new List<string>(newestFirst);
        foreach (var set in replicas)
        {
            var lines = new List<string>();
            TailSet(set, n, lines);
            all.AddRange(lines);
        }

        return [.. all.OrderBy(TimestampOf).TakeLast(n)];
    }

    private static void TailSet(string path, int n, List<string> newestFirst)
    {
        var files = RequestLogFiles.OldestFirst(path);
        var start = newestFirst.Count;
        for (var i = files.Count - 1; i >= 0 && newestFirst.Count - start < n; i--)
        {
            TailFile(files[i], n - (newestFirst.Count - start) + newestFirst.Count, newestFirst);
        }
    }

    /// <summary>A line's <c>timestamp_ms</c> without parsing the rest (0 when it has none).</summary>
    private static long TimestampOf(string line)
    {
        const string Key = "\"timestamp_ms\":";
        var at = line.IndexOf(Key, StringComparison.Ordinal);
        if (at < 0)
        {
            return 0;
        }

        var digits = line.AsSpan(at + Key.Length).TrimStart();
        var end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end]))
        {
            end++;
        }

        return long.TryParse(digits[..end], System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 0;
    }

    /// <summary>Collects up to <paramref name="n"/> lines from the end of one file, reading it backwards in chunks.</summary>
    private static void TailFile(string file, int n, List<string> newestFirst)
    {
        FileStream stream;
        try
        {
            stream = OpenShared(file, bufferSize: 0);
        }
        catch (FileNotFoundException)
        {
            return;
        }

        using (stream)
        {
            var chunk = new byte[TailChunk];
            byte[] carry = []; // the start of a line whose beginning lies further back in the file
            var end = stream.Length;
            while (end > 0 && newestFirst.Count < n)
            {
                var size = (int)Math.Min(TailChunk, end);
                var start = end - size;
                stream.Position = start;
                stream.ReadExactly(chunk, 0, size);

                var joined = new byte[size + carry.Length];
                chunk.AsSpan(0, size).CopyTo(joined);
                carry.CopyTo(joined.AsSpan(size));

                var lineEnd = joined.Length;
                int newline;
                while (newestFirst.Count < n && (newline = joined.AsSpan(0, lineEnd).LastIndexOf((byte)'\n')) >= 0)
                {
                    AddLine(joined.AsSpan(newline + 1, lineEnd - newline - 1), newestFirst);
                    lineEnd = newline;
                }

                carry = joined[..lineEnd];
                end = start;
            }

            if (end == 0 && newestFirst.Count < n)
            {
                AddLine(carry, newestFirst); // the file's first line has no newline before it
            }
        }
    }

    private static void AddLine(ReadOnlySpan<byte> line, List<string> newestFirst)
    {
        line = line.TrimEnd((byte)'\r');
        if (!line.Trim(" \t"u8).IsEmpty)
        {
            newestFirst.Add(Encoding.UTF8.GetString(line));
        }
    }

    private static FileStream OpenShared(string file, int bufferSize) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize);
}

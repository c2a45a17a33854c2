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

        var files = RequestLogFiles.OldestFirst(FilePath);
        for (var i = files.Count - 1; i >= 0 && newestFirst.Count < n; i--)
        {
            TailFile(files[i], n, newestFirst);
        }

        newestFirst.Reverse();
        return newestFirst;
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

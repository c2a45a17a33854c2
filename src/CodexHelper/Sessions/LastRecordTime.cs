using System.Text.Json;

namespace CodexHelper.Sessions;

/// <summary>
/// The last activity of a session = the <c>timestamp</c> of its last complete record, read from the
/// file's tail only (a session file can be many MB). Null when no record in the tail carries one;
/// callers then fall back to the file's mtime.
/// </summary>
internal static class LastRecordTime
{
    private static readonly int[] Windows = [64 * 1024, 1024 * 1024];

    public static DateTimeOffset? Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            var length = stream.Length;
            foreach (var window in Windows)
            {
                var size = (int)Math.Min(window, length);
                if (size == 0)
                {
                    return null;
                }

                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
                try
                {
                    stream.Position = length - size;
                    stream.ReadExactly(buffer, 0, size);
                    if (FromTail(buffer.AsSpan(0, size), startsAtFileStart: size == length) is { } found)
                    {
                        return found;
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }

                if (size == length)
                {
                    return null;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>Walks lines backwards; a line counts only when its start is inside the window.</summary>
    internal static DateTimeOffset? FromTail(ReadOnlySpan<byte> tail, bool startsAtFileStart)
    {
        var end = tail.Length;
        while (end > 0)
        {
            var newline = tail[..end].LastIndexOf((byte)'\n');
            if (newline < 0 && !startsAtFileStart)
            {
                return null;
            }

            var line = tail[(newline + 1)..end];
            if (TopLevelTimestamp(line) is { } found)
            {
                return found;
            }

            end = newline < 0 ? 0 : newline;
        }

        return null;
    }

    private static DateTimeOffset? TopLevelTimestamp(ReadOnlySpan<byte> line)
    {
        line = line.Trim("\r\n\t "u8);
        if (line.IsEmpty || line[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            reader.Read();
            DateTimeOffset? found = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTimestamp = reader.ValueTextEquals("timestamp"u8);
                reader.Read();
                if (isTimestamp)
                {
                    found = JsonTimestamp.Read(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            // Reaching here means the record parsed to its end: a torn last line never counts.
            return reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 ? found : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

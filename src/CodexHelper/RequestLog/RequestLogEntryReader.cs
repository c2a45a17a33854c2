using System.Text.Json;
using CodexHelper.Files;

namespace CodexHelper.RequestLog;

/// <summary>
/// Every entry of the log and of gateway replicas' logs, as whole <see cref="RequestLogEntry"/> records (for the few
/// readers that need more than a summary's fields, such as <c>token list</c>). Malformed lines are skipped.
/// </summary>
internal static class RequestLogEntryReader
{
    public static IEnumerable<RequestLogEntry> ReadAll(string path)
    {
        foreach (var file in RequestLogFiles.AllSetsOldestFirst(path))
        {
            FileStream stream;
            try
            {
                stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            }
            catch (FileNotFoundException)
            {
                continue; // rotated away between listing and opening
            }

            using (stream)
            using (var lines = new JsonlLineReader(stream))
            {
                while (lines.TryReadLine(out var line))
                {
                    if (Parse(line.Span) is { } entry)
                    {
                        yield return entry;
                    }
                }
            }
        }
    }

    private static RequestLogEntry? Parse(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line, RequestLogJsonContext.Default.RequestLogEntry);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

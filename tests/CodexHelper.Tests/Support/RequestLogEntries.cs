using System.Text.Json;
using CodexHelper.Files;
using CodexHelper.RequestLog;

namespace CodexHelper.Tests.Support;

/// <summary>
/// The tests' oracle for the request log: every entry, oldest first across rotated files, fully deserialised
/// through the production pieces (file order, line splitter, JSON context). The proxy never needs whole
/// entries back; the usage scanner is checked against this.
/// </summary>
internal static class RequestLogEntries
{
    public static IEnumerable<RequestLogEntry> ReadAll(string path, Action? onMalformedLine = null)
    {
        foreach (var file in RequestLogFiles.OldestFirst(path))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var lines = new JsonlLineReader(stream);
            while (lines.TryReadLine(out var line))
            {
                var text = line.Span.Trim(" \t"u8);
                if (text.IsEmpty)
                {
                    continue;
                }

                RequestLogEntry? entry = null;
                try
                {
                    entry = JsonSerializer.Deserialize(text, RequestLogJsonContext.Default.RequestLogEntry);
                }
                catch (JsonException)
                {
                }

                if (entry is null)
                {
                    onMalformedLine?.Invoke();
                }
                else
                {
                    yield return entry;
                }
            }
        }
    }
}

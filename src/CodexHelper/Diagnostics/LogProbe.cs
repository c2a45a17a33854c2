using System.Text.Json;
using CodexHelper.RequestLog;

namespace CodexHelper.Diagnostics;

/// <summary>Size and last request time of the request log, from file sizes and the last line only.</summary>
public static class LogProbe
{
    public static LogStatus Probe(string path)
    {
        var files = RequestLogFiles.OldestFirst(path);
        long size = 0;
        foreach (var f in files)
        {
            try
            {
                size += new FileInfo(f).Length;
            }
            catch (IOException)
            {
            }
        }

        return new LogStatus { Path = path, Files = files.Count, SizeBytes = size, LastRequest = LastRequest(path) };
    }

    /// <summary>The newest well-formed line's timestamp, looking back at most a few lines past a damaged end.</summary>
    public static DateTimeOffset? LastRequest(string path)
    {
        var lines = new RequestLogReader(path).TailLines(5);
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            try
            {
                if (JsonSerializer.Deserialize(lines[i], RequestLogJsonContext.Default.RequestLogEntry) is { TimestampMs: > 0 } e)
                {
                    return DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs);
                }
            }
            catch (JsonException)
            {
            }
        }

        return null;
    }
}

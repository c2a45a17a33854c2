using System.Text;
using System.Text.Json;
using CodexHelper.RequestLog;

namespace CodexHelper.Diagnostics;

/// <summary>Size and last request time of the request log, from file sizes and the last line only.</summary>
internal static class LogProbe
{
    public static LogStatus Probe(string path)
    {
        var files = RequestLogFiles.AllSetsOldestFirst(path);
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

    /// <summary>The newest line's timestamp, looking back at most a few lines past a damaged end.</summary>
    public static DateTimeOffset? LastRequest(string path)
    {
        var lines = new RequestLogReader(path).TailLines(5);
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (TimestampOf(lines[i]) is { } ms)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }

        return null;
    }

    /// <summary>
    /// Only <c>timestamp_ms</c>, with a forward-only reader: deserialising a whole entry would make the
    /// serializer's start-up the largest cost of <c>status</c>.
    /// </summary>
    internal static long? TimestampOf(string line)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTimestamp = reader.ValueTextEquals("timestamp_ms"u8);
                reader.Read();
                if (isTimestamp)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms > 0 ? ms : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}

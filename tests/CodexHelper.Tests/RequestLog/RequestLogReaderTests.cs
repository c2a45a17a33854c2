using System.Text;
using CodexHelper.RequestLog;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.RequestLog;

public sealed class RequestLogReaderTests : IDisposable
{
    private readonly TempHome _home = new();

    public RequestLogReaderTests() => Directory.CreateDirectory(_home.Paths.LogsDir);

    public void Dispose() => _home.Dispose();

    private string LogPath => _home.Paths.RequestLog;

    private static string Line(int i) =>
        $$"""{"timestamp_ms":{{i}},"service":"codex","method":"POST","path":"/responses","status_code":200,"duration_ms":5,"config_name":"c","upstream_base_url":"u"}""";

    private void WriteLines(string file, IEnumerable<int> ids) =>
        File.WriteAllText(file, string.Concat(ids.Select(i => Line(i) + "\n")));

    [Fact]
    public void OldestFirst_orders_rotated_files_before_the_current_one()
    {
        WriteLines(LogPath, [7]);
        WriteLines(LogPath + ".1", [6]);
        WriteLines(LogPath + ".10", [1]);
        WriteLines(LogPath + ".2", [5]);
        File.WriteAllText(LogPath + ".bak", "ignored");

        Assert.Equal([LogPath + ".10", LogPath + ".2", LogPath + ".1", LogPath], RequestLogFiles.OldestFirst(LogPath));
    }

    [Fact]
    public void OldestFirst_of_a_missing_log_is_empty()
    {
        Assert.Empty(RequestLogFiles.OldestFirst(Path.Combine(_home.Root, "nowhere", "requests.jsonl")));
    }

    [Fact]
    public void ReadAll_reads_across_rotated_files_oldest_first()
    {
        WriteLines(LogPath + ".2", [1, 2, 3]);
        WriteLines(LogPath + ".1", [4, 5]);
        WriteLines(LogPath, [6, 7]);

        var ids = RequestLogEntries.ReadAll(LogPath).Select(e => e.TimestampMs);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], ids);
    }

    [Fact]
    public void ReadAll_maps_every_field()
    {
        File.WriteAllText(LogPath, """
            {"timestamp_ms":42,"service":"claude","method":"POST","path":"/v1/messages?beta=true","status_code":529,"duration_ms":1234,"config_name":"main","upstream_base_url":"https://api.example","usage":{"input_tokens":100,"output_tokens":20,"reasoning_tokens":3,"total_tokens":120},"model":"m1","future_field":true}
            """ + "\n");

        var entry = Assert.Single(RequestLogEntries.ReadAll(LogPath));
        Assert.Equal(42, entry.TimestampMs);
        Assert.Equal("claude", entry.Service);
        Assert.Equal("/v1/messages?beta=true", entry.Path);
        Assert.Equal(529, entry.StatusCode);
        Assert.Equal(1234, entry.DurationMs);
        Assert.Equal("main", entry.ConfigName);
        Assert.Equal("m1", entry.Model);
        Assert.Equal(120, entry.Usage!.TotalTokens);
        Assert.Equal(3, entry.Usage.ReasoningTokens);
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_counted()
    {
        File.WriteAllText(LogPath,
            Line(1) + "\n" +
            "{\"timestamp_ms\":2,\"servi\n" +        // cut by a crash
            "\n" +                                    // blank lines are not errors
            "not json at all\r\n" +
            "null\n" +
            "{\"timestamp_ms\":\"soon\"}\n" +         // wrong type
            Line(3) + "\r\n" +                        // CRLF tolerated
            Line(4));                                 // no final newline

        var malformed = 0;
        var ids = RequestLogEntries.ReadAll(LogPath, () => malformed++).Select(e => e.TimestampMs).ToList();

        Assert.Equal([1L, 3, 4], ids);
        Assert.Equal(4, malformed);
    }

    [Fact]
    public void ReadAll_handles_lines_longer_than_its_buffer_and_many_lines()
    {
        var huge = Line(2).Replace("\"u\"", "\"" + new string('u', 700_000) + "\"");
        var builder = new StringBuilder();
        builder.Append(Line(1)).Append('\n').Append(huge).Append('\n');
        for (var i = 3; i < 20_000; i++)
        {
            builder.Append(Line(i)).Append('\n');
        }

        File.WriteAllText(LogPath, builder.ToString());
        var entries = RequestLogEntries.ReadAll(LogPath).ToList();

        Assert.Equal(Enumerable.Range(1, 19_999).Select(i => (long)i), entries.Select(e => e.TimestampMs));
        Assert.Equal(700_000, entries[1].UpstreamBaseUrl!.Length);
    }

    [Fact]
    public void ReadAll_of_a_missing_log_is_empty()
    {
        Assert.Empty(RequestLogEntries.ReadAll(LogPath));
    }

    [Fact]
    public void TailLines_returns_the_last_lines_oldest_first_across_rotation()
    {
        WriteLines(LogPath + ".2", [1, 2, 3]);
        WriteLines(LogPath + ".1", [4, 5]);
        WriteLines(LogPath, [6]);
        var reader = new RequestLogReader(LogPath);

        Assert.Equal([Line(4), Line(5), Line(6)], reader.TailLines(3));
        Assert.Equal([Line(2), Line(3), Line(4), Line(5), Line(6)], reader.TailLines(5));
        Assert.Equal(6, reader.TailLines(100).Count);
        Assert.Empty(reader.TailLines(0));
    }

    [Fact]
    public void TailLines_reads_lines_that_span_chunk_boundaries()
    {
        // ~200 KB: several 64 KB chunks, so lines straddle the boundaries; no final newline, CRLF endings.
        var ids = Enumerable.Range(1, 1500).ToList();
        File.WriteAllText(LogPath, string.Join("\r\n", ids.Select(Line)));

        var tail = new RequestLogReader(LogPath).TailLines(1200);

        Assert.Equal(ids.Skip(300).Select(Line), tail);
    }

    [Fact]
    public async Task Reader_sees_what_the_writer_wrote_through_rotation()
    {
        await using (var writer = new RequestLogWriter(LogPath, maxBytes: 2000, keepFiles: 100))
        {
            for (var i = 0; i < 300; i++)
            {
                writer.Append(RequestLogWriterTests.Entry(i));
            }
        }

        Assert.True(RequestLogFiles.OldestFirst(LogPath).Count > 10);
        var reader = new RequestLogReader(LogPath);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => 1_700_000_000_000L + i), RequestLogEntries.ReadAll(LogPath).Select(e => e.TimestampMs));
        Assert.Equal(300, reader.TailLines(1000).Count);
    }
}

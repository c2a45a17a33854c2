using System.Text.Json;
using CodexHelper.RequestLog;
using CodexHelper.Tests.Support;
using CodexHelper.TokenCounts;

namespace CodexHelper.Tests.RequestLog;

public sealed class RequestLogWriterTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    private string LogPath => _home.Paths.RequestLog;

    internal static RequestLogEntry Entry(int i, TokenUsage? usage = null) => new()
    {
        TimestampMs = 1_700_000_000_000 + i,
        Service = "codex",
        Method = "POST",
        Path = "/responses",
        StatusCode = 200,
        DurationMs = i,
        ConfigName = "relay",
        UpstreamBaseUrl = "https://relay.example/v1",
        Usage = usage,
    };

    [Fact]
    public async Task Lines_use_the_original_field_names_and_omit_absent_usage()
    {
        await using (var writer = new RequestLogWriter(LogPath))
        {
            writer.Append(Entry(1, new TokenUsage { InputTokens = 10, OutputTokens = 5, ReasoningTokens = 2, TotalTokens = 15 }));
            writer.Append(Entry(2));
        }

        var lines = File.ReadAllLines(LogPath);
        Assert.Equal(2, lines.Length);
        Assert.DoesNotContain("\n  ", File.ReadAllText(LogPath)); // compact: one object per line

        using (var first = JsonDocument.Parse(lines[0]))
        {
            var root = first.RootElement;
            Assert.Equal(1_700_000_000_001, root.GetProperty("timestamp_ms").GetInt64());
            Assert.Equal("codex", root.GetProperty("service").GetString());
            Assert.Equal("POST", root.GetProperty("method").GetString());
            Assert.Equal("/responses", root.GetProperty("path").GetString());
            Assert.Equal(200, root.GetProperty("status_code").GetInt32());
            Assert.Equal(1, root.GetProperty("duration_ms").GetInt64());
            Assert.Equal("relay", root.GetProperty("config_name").GetString());
            Assert.Equal("https://relay.example/v1", root.GetProperty("upstream_base_url").GetString());
            var usage = root.GetProperty("usage");
            Assert.Equal(10, usage.GetProperty("input_tokens").GetInt64());
            Assert.Equal(5, usage.GetProperty("output_tokens").GetInt64());
            Assert.Equal(2, usage.GetProperty("reasoning_tokens").GetInt64());
            Assert.Equal(15, usage.GetProperty("total_tokens").GetInt64());
        }

        using var second = JsonDocument.Parse(lines[1]);
        Assert.False(second.RootElement.TryGetProperty("usage", out _));
        Assert.False(second.RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Non_ascii_text_stays_readable()
    {
        await using (var writer = new RequestLogWriter(LogPath))
        {
            writer.Append(Entry(1) with { Error = "上游超时" });
        }

        Assert.Contains("上游超时", File.ReadAllText(LogPath));
    }

    [Fact]
    public async Task Creates_the_logs_directory()
    {
        Assert.False(Directory.Exists(_home.Paths.LogsDir));
        await using var writer = new RequestLogWriter(LogPath);
        writer.Append(Entry(1));
        await writer.FlushAsync();
        Assert.Single(File.ReadAllLines(LogPath));
    }

    [Fact]
    public async Task FlushAsync_puts_everything_appended_so_far_on_disk()
    {
        await using var writer = new RequestLogWriter(LogPath);
        for (var i = 0; i < 100; i++)
        {
            writer.Append(Entry(i));
        }

        await writer.FlushAsync();
        Assert.Equal(100, File.ReadAllLines(LogPath).Length);

        writer.Append(Entry(100));
        await writer.FlushAsync();
        Assert.Equal(101, File.ReadAllLines(LogPath).Length);
    }

    [Fact]
    public async Task Concurrent_appends_never_interleave()
    {
        await using (var writer = new RequestLogWriter(LogPath))
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(t => Task.Run(() =>
            {
                for (var i = 0; i < 200; i++)
                {
                    writer.Append(Entry((t * 1000) + i) with { Path = $"/task/{t}" });
                }
            })));
        }

        var lines = File.ReadAllLines(LogPath);
        Assert.Equal(10_000, lines.Length);
        var seen = new HashSet<long>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.True(seen.Add(doc.RootElement.GetProperty("timestamp_ms").GetInt64()));
        }
    }

    [Fact]
    public async Task Rotation_keeps_at_most_keepFiles_and_never_splits_a_line()
    {
        var lineLength = await OneLineLength();
        var maxBytes = (lineLength * 3) + 10; // three lines per file
        await using (var writer = new RequestLogWriter(LogPath, maxBytes, keepFiles: 2))
        {
            for (var i = 0; i < 40; i++)
            {
                writer.Append(Entry(1000 + i));
                if (i % 7 == 0)
                {
                    await writer.FlushAsync(); // rotation must work across batches as well as within one
                }
            }
        }

        var files = RequestLogFiles.OldestFirst(LogPath);
        Assert.Equal([LogPath + ".2", LogPath + ".1", LogPath], files);
        Assert.False(File.Exists(LogPath + ".3"));

        var all = new List<long>();
        foreach (var file in files)
        {
            Assert.True(new FileInfo(file).Length <= maxBytes, $"{file} is over the limit");
            var text = File.ReadAllText(file);
            Assert.EndsWith("\n", text);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var doc = JsonDocument.Parse(line);
                all.Add(doc.RootElement.GetProperty("timestamp_ms").GetInt64());
            }
        }

        // 40 lines, three per file: the current file holds the 40th alone, the two kept rotated files the six before it.
        Assert.Equal(Enumerable.Range(1033, 7).Select(i => 1_700_000_000_000L + i), all);
    }

    [Fact]
    public async Task Rotation_respects_a_big_file_left_by_an_earlier_run()
    {
        Directory.CreateDirectory(_home.Paths.LogsDir);
        var lineLength = await OneLineLength();
        // An earlier run left a file already at the limit.
        var oldLine = new string('x', 10) + "\n";
        File.WriteAllText(LogPath, string.Concat(Enumerable.Repeat(oldLine, (lineLength * 2 / oldLine.Length) + 1)));
        await using (var writer = new RequestLogWriter(LogPath, maxBytes: lineLength * 2, keepFiles: 3))
        {
            writer.Append(Entry(1));
        }

        Assert.Single(File.ReadAllLines(LogPath));
        Assert.StartsWith("xxxxxxxxxx", File.ReadAllText(LogPath + ".1"));
    }

    [Fact]
    public async Task Append_after_dispose_is_ignored_and_flush_completes()
    {
        var writer = new RequestLogWriter(LogPath);
        writer.Append(Entry(1));
        await writer.DisposeAsync();
        writer.Append(Entry(2));
        await writer.FlushAsync();
        await writer.DisposeAsync();
        Assert.Single(File.ReadAllLines(LogPath));
    }

    [Fact]
    public async Task An_unwritable_log_warns_once_and_never_throws()
    {
        // The "logs directory" is a file: every open fails.
        File.WriteAllText(_home.Paths.LogsDir, "not a directory");
        var warnings = new List<string>();
        await using var writer = new RequestLogWriter(LogPath, warn: w => { lock (warnings) { warnings.Add(w); } });
        for (var i = 0; i < 20; i++)
        {
            writer.Append(Entry(i));
        }

        await writer.FlushAsync();
        var warning = Assert.Single(warnings);
        Assert.Contains(LogPath, warning);
    }

    private async Task<int> OneLineLength()
    {
        var probe = Path.Combine(_home.Root, "probe.jsonl");
        await using (var writer = new RequestLogWriter(probe))
        {
            writer.Append(Entry(1000));
        }

        return (int)new FileInfo(probe).Length;
    }
}

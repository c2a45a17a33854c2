using BenchmarkDotNet.Attributes;
using CodexHelper.RequestLog;
using CodexHelper.TokenCounts;

namespace CodexHelper.Benchmarks;

/// <summary>Formatting and appending request log lines (1,000 per operation, then a flush to the file).</summary>
[MemoryDiagnoser]
public class RequestLogBenchmarks
{
    private const int Lines = 1000;
    private string _dir = "";
    private RequestLogWriter? _writer;
    private RequestLogEntry _entry = new();

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("chbench-log-").FullName;
        _writer = new RequestLogWriter(Path.Combine(_dir, "logs", "requests.jsonl"));
        _entry = new RequestLogEntry
        {
            TimestampMs = 1_762_000_000_000,
            Service = "codex",
            Method = "POST",
            Path = "/responses",
            StatusCode = 200,
            DurationMs = 2314,
            ConfigName = "relay",
            UpstreamBaseUrl = "https://relay.example/v1",
            Usage = new TokenUsage { InputTokens = 41230, CachedInputTokens = 40960, OutputTokens = 312, ReasoningTokens = 128, TotalTokens = 41542 },
            TtfbMs = 840,
            Model = "gpt-5-codex",
            Filtered = true,
        };
        Work.Declare(typeof(RequestLogBenchmarks), nameof(Append1000AndFlush), Lines, "lines");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark]
    public async Task Append1000AndFlush()
    {
        for (var i = 0; i < Lines; i++)
        {
            _writer!.Append(_entry);
        }

        await _writer!.FlushAsync();
    }
}

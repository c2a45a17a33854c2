using BenchmarkDotNet.Attributes;
using CodexHelper.TokenCounts;

namespace CodexHelper.Benchmarks;

/// <summary>Usage extraction over a 2 MB Responses SSE stream handed over in 16 KB chunks, as the relay reads it.</summary>
[MemoryDiagnoser]
public class UsageScanBenchmarks
{
    private const int ChunkBytes = 16 * 1024;
    private byte[] _stream = [];

    [GlobalSetup]
    public void Setup()
    {
        _stream = SampleData.ResponsesSse(2 * 1024 * 1024);
        Work.Declare(typeof(UsageScanBenchmarks), nameof(ScanSse2MB), _stream.Length, "bytes");
        if (Scan()?.InputTokens != 41230)
        {
            throw new InvalidOperationException("the scanner did not find the usage in the sample stream");
        }
    }

    [Benchmark]
    public long ScanSse2MB() => Scan()?.TotalTokens ?? -1;

    private TokenUsage? Scan()
    {
        var scanner = UsageScanner.Create("text/event-stream");
        var data = _stream.AsSpan();
        for (var offset = 0; offset < data.Length; offset += ChunkBytes)
        {
            scanner.Feed(data.Slice(offset, Math.Min(ChunkBytes, data.Length - offset)));
        }

        return scanner.Finish();
    }
}

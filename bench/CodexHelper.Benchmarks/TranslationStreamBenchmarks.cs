using System.Buffers;
using BenchmarkDotNet.Attributes;
using CodexHelper.Translation;
using CodexHelper.TokenCounts;

namespace CodexHelper.Benchmarks;

/// <summary>
/// Response translation of a whole upstream stream fed one SSE event at a time (the relay's chunks while an answer
/// streams), per direction and shape, beside the usage scan the proxy runs over the same upstream stream translated
/// or not. One operation = one stream (a fresh translator, made from a small turn, as the proxy makes one per
/// attempt: <see cref="NewTranslator"/> is that cost alone); per event = operation ÷ events.
/// </summary>
[MemoryDiagnoser]
public class TranslationStreamBenchmarks
{
    private byte[][] _events = [];
    private byte[] _turn = [];
    private ITranslation _translation = null!;
    private readonly ArrayBufferWriter<byte> _client = new(1 << 20);

    [ParamsSource(nameof(AllDirections))]
    public string Direction { get; set; } = "";

    [Params("text", "tool")]
    public string Shape { get; set; } = "";

    public static IEnumerable<string> AllDirections() => TranslationSamples.Directions;

    [GlobalSetup]
    public void Setup()
    {
        _events = TranslationSamples.UpstreamEvents(Direction, Shape);
        _turn = TranslationSamples.TinyTurn(Direction);
        _translation = TranslationSamples.Translation(Direction);
        foreach (var method in new[] { nameof(UsageScanOnly), nameof(Translate), nameof(NewTranslator) })
        {
            Work.Declare(typeof(TranslationStreamBenchmarks), method, _events.Length, "events", Direction, Shape);
        }

        if (Translate() < 200 || UsageScanOnly() <= 0)
        {
            throw new InvalidOperationException($"{Direction}/{Shape}: the sample stream was not translated or its usage not found");
        }
    }

    [Benchmark(Baseline = true)]
    public long UsageScanOnly()
    {
        var scanner = UsageScanner.Create("text/event-stream");
        foreach (var e in _events)
        {
            scanner.Feed(e);
        }

        return scanner.Finish()?.TotalTokens ?? -1;
    }

    [Benchmark]
    public int Translate()
    {
        var translator = _translation.TranslateRequest(_turn).Response;
        _client.Clear();
        foreach (var e in _events)
        {
            translator.Feed(e, _client);
        }

        translator.Finish(_client);
        return _client.WrittenCount;
    }

    [Benchmark]
    public int NewTranslator() => _translation.TranslateRequest(_turn).Body.Length;
}

using BenchmarkDotNet.Attributes;
using CodexHelper.Filtering;
using CodexHelper.Translation;

namespace CodexHelper.Benchmarks;

/// <summary>
/// Request translation of a recorded real first turn (Codex 0.169, 39.5 KB; Claude Code 2.1.197, 85.6 KB), per
/// direction, beside the pass the proxy makes over the same body untranslated (the one-rule filter of the bench
/// configs; no match, so no copy). Ratio = translation ÷ that pass.
/// </summary>
[MemoryDiagnoser]
public class TranslationRequestBenchmarks
{
    private byte[] _body = [];
    private ITranslation _translation = null!;
    private RequestFilter _filter = RequestFilter.Empty;

    [ParamsSource(nameof(AllDirections))]
    public string Direction { get; set; } = "";

    public static IEnumerable<string> AllDirections() => TranslationSamples.Directions;

    [GlobalSetup]
    public void Setup()
    {
        _body = TranslationSamples.ClientBody(Direction);
        _translation = TranslationSamples.Translation(Direction);
        _filter = RequestFilter.Parse("""[{"op":"replace","source":"secret-corp.com","target":"[REDACTED]"}]"""u8, "bench");
        Work.Declare(typeof(TranslationRequestBenchmarks), nameof(Translate), _body.Length, "bytes", Direction);
        Work.Declare(typeof(TranslationRequestBenchmarks), nameof(UntranslatedFilterPass), _body.Length, "bytes", Direction);
        if (Translate() < 1000)
        {
            throw new InvalidOperationException($"{Direction}: the recorded body translated to next to nothing");
        }
    }

    [Benchmark(Baseline = true)]
    public int UntranslatedFilterPass() => _filter.Apply(_body, out _).Length;

    [Benchmark]
    public int Translate() => _translation.TranslateRequest(_body).Body.Length;
}

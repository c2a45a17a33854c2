using System.Buffers;
using System.Text.Json;
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
    private readonly ArrayBufferWriter<byte> _out = new(256 * 1024);

    [ParamsSource(nameof(AllDirections))]
    public string Direction { get; set; } = "";

    public static IEnumerable<string> AllDirections() => TranslationSamples.Directions;

    [GlobalSetup]
    public void Setup()
    {
        _body = TranslationSamples.ClientBody(Direction);
        _translation = TranslationSamples.Translation(Direction);
        _filter = RequestFilter.Parse("""[{"op":"replace","source":"secret-corp.com","target":"[REDACTED]"}]"""u8, "bench");
        foreach (var method in new[] { nameof(Translate), nameof(UntranslatedFilterPass), nameof(ParseOnly), nameof(ParseAndRewrite), nameof(ReaderPass) })
        {
            Work.Declare(typeof(TranslationRequestBenchmarks), method, _body.Length, "bytes", Direction);
        }
        if (Translate() < 1000)
        {
            throw new InvalidOperationException($"{Direction}: the recorded body translated to next to nothing");
        }
    }

    [Benchmark(Baseline = true)]
    public int UntranslatedFilterPass() => _filter.Apply(_body, out _).Length;

    /// <summary>As the proxy calls it: over the request's own (pooled) body memory, which the parse reads in place.</summary>
    [Benchmark]
    public int Translate() => _translation.TranslateRequest(new ReadOnlyMemory<byte>(_body)).Body.Length;

    /// <summary>Where the time goes: the whole-body <see cref="JsonDocument"/> every request translator starts from.</summary>
    [Benchmark]
    public int ParseOnly()
    {
        using var document = JsonDocument.Parse(_body);
        return document.RootElement.ValueKind == JsonValueKind.Object ? _body.Length : 0;
    }

    /// <summary>The floor of a forward-only translator: one <see cref="Utf8JsonReader"/> pass over the body.</summary>
    [Benchmark]
    public int ReaderPass()
    {
        var reader = new Utf8JsonReader(_body);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>The floor of translating from a document: parse, then write the document back out unchanged.</summary>
    [Benchmark]
    public int ParseAndRewrite()
    {
        using var document = JsonDocument.Parse(_body);
        _out.Clear();
        using (var w = new Utf8JsonWriter(_out, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(w);
        }

        return _out.WrittenCount;
    }
}

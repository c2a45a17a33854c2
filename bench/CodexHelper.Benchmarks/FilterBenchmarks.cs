using System.Text;
using BenchmarkDotNet.Attributes;
using CodexHelper.Filtering;

namespace CodexHelper.Benchmarks;

/// <summary>
/// filter.json with 20 rules over a 1 MiB request body: once when no rule matches (the common case) and once when
/// three rules match (a copy of the body is unavoidable then).
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private ReadOnlyMemory<byte> _body;
    private RequestFilter _noMatch = RequestFilter.Empty;
    private RequestFilter _threeMatch = RequestFilter.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var body = SampleData.CodexRequest(1024 * 1024);
        _body = body;
        _noMatch = Parse(Rules(matching: false));
        _threeMatch = Parse(Rules(matching: true));
        foreach (var name in new[] { nameof(Apply20RulesNoMatch), nameof(Apply20Rules3Match) })
        {
            Work.Declare(typeof(FilterBenchmarks), name, body.Length, "bytes");
        }

        _threeMatch.Apply(_body, out var replaced);
        if (replaced == 0 || _noMatch.RuleCount != 20)
        {
            throw new InvalidOperationException("the sample filter does not behave as intended");
        }
    }

    private static RequestFilter Parse(string json) => RequestFilter.Parse(Encoding.UTF8.GetBytes(json), "bench");

    private static string Rules(bool matching)
    {
        var rules = new List<string>();
        for (var i = 0; i < 17; i++)
        {
            rules.Add($$"""{"op":"{{(i % 3 == 0 ? "remove" : "replace")}}","source":"internal-host-{{i}}.corp.example","target":"[REDACTED]"}""");
        }

        rules.Add(matching
            ? """{"op":"replace","source":"secret-corp.com","target":"[REDACTED]"}"""
            : """{"op":"replace","source":"other-corp.com","target":"[REDACTED]"}""");
        rules.Add(matching
            ? """{"op":"replace","source":"DEPLOY","target":"[DEPLOY]"}"""
            : """{"op":"replace","source":"AWS_SECRET","target":"[REDACTED]"}""");
        rules.Add(matching
            ? """{"op":"remove","source":"session.id"}"""
            : """{"op":"remove","source":"ghp_0000"}""");
        return "[" + string.Join(",", rules) + "]";
    }

    [Benchmark]
    public int Apply20RulesNoMatch() => _noMatch.Apply(_body, out _).Length;

    [Benchmark]
    public int Apply20Rules3Match()
    {
        // The proxy's path: the result stays in a pooled buffer that is returned after the request.
        var length = _threeMatch.ApplyPooled(_body, out _, out var rented).Length;
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return length;
    }
}

using BenchmarkDotNet.Attributes;
using CodexHelper.Configuration;
using CodexHelper.Routing;

namespace CodexHelper.Benchmarks;

/// <summary>Choosing the upstream order for one request among three upstreams, and reporting the outcome.</summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private readonly UpstreamRouter _router = new(TimeProvider.System);

    [GlobalSetup]
    public void Setup() =>
        _router.Configure("bench", [.. new[] { "https://a.example/v1", "https://b.example/v1", "https://c.example/v1" }.Select(u => new UpstreamConfig { BaseUrl = u })], RoutingOptions.Default);

    [Benchmark]
    public int Plan()
    {
        using var plan = _router.Plan();
        return plan.Next()!.Priority;
    }

    [Benchmark]
    public int PlanAndRecordSuccess()
    {
        using var plan = _router.Plan();
        var first = plan.Next()!;
        plan.Record(first, new AttemptResult(AttemptOutcome.Success, 200));
        return first.Priority;
    }
}

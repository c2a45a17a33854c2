using BenchmarkDotNet.Attributes;
using CodexHelper.Configuration;
using CodexHelper.Routing;

namespace CodexHelper.Benchmarks;

/// <summary>Choosing the upstream order for one request among three upstreams, and reporting the outcome.</summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private readonly UpstreamRouter _router = new(RoutingOptions.Default, TimeProvider.System);

    [GlobalSetup]
    public void Setup() =>
        _router.Configure("bench", ["https://a.example/v1", "https://b.example/v1", "https://c.example/v1"], RoutingOptions.Default);

    [Benchmark]
    public int Plan()
    {
        using var plan = _router.Plan();
        return plan.Candidates[0];
    }

    [Benchmark]
    public int PlanAndReportSuccess()
    {
        using var plan = _router.Plan();
        var first = plan.Candidates[0];
        plan.ReportSuccess(first, 200);
        return first;
    }
}

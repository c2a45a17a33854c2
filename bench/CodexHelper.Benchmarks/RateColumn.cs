using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CodexHelper.Benchmarks;

/// <summary>Work done per operation, declared by each benchmark class, turned into a rate from the mean time.</summary>
public static class Work
{
    private static readonly Dictionary<string, (double Units, string Unit)> PerOperation = new(StringComparer.Ordinal);

    /// <summary>
    /// One operation of <paramref name="type"/>.<paramref name="method"/> processes <paramref name="units"/> of
    /// <paramref name="unit"/>; with <paramref name="parameters"/> (the benchmark's parameter values in declaration
    /// order), only for that parameter combination.
    /// </summary>
    public static void Declare(Type type, string method, double units, string unit, params string[] parameters)
    {
        lock (PerOperation)
        {
            PerOperation[Key(type.Name, method, parameters)] = (units, unit);
        }
    }

    public static bool TryGet(BenchmarkCase benchmark, out (double Units, string Unit) work)
    {
        var type = benchmark.Descriptor.Type.Name;
        var method = benchmark.Descriptor.WorkloadMethod.Name;
        var parameters = benchmark.Parameters.Items.Select(p => p.Value?.ToString() ?? "").ToArray();
        lock (PerOperation)
        {
            return PerOperation.TryGetValue(Key(type, method, parameters), out work)
                || PerOperation.TryGetValue(Key(type, method, []), out work);
        }
    }

    /// <summary>Parameter values sorted, so the key does not depend on the order BenchmarkDotNet lists them in.</summary>
    internal static string Key(string type, string method, IEnumerable<string> parameters) =>
        parameters.Order(StringComparer.Ordinal).ToArray() is { Length: > 0 } sorted ? $"{type}.{method}({string.Join(",", sorted)})" : $"{type}.{method}";
}

public sealed class RateColumn : IColumn
{
    public string Id => nameof(RateColumn);

    public string ColumnName => "Rate";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Work per second at the mean time (MB = 10^6 bytes)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (meanNs is not > 0)
        {
            return "-";
        }

        // Operations per second, then scaled by the declared work per operation; without a declaration, ops/s.
        var perSecond = 1e9 / meanNs.Value;
        if (!Work.TryGet(benchmarkCase, out var work))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0} ops/s");
        }

        var rate = perSecond * work.Units;
        return work.Unit == "bytes"
            ? string.Create(CultureInfo.InvariantCulture, $"{rate / 1e6:N0} MB/s")
            : string.Create(CultureInfo.InvariantCulture, $"{rate:N0} {work.Unit}/s");
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace CodexHelper.Benchmarks;

/// <summary>The hot-path targets next to the measured numbers: scanning and filtering ≥ 1 GB/s, no allocation per byte.</summary>
public static class Verdicts
{
    private const double TargetBytesPerSecond = 1e9;

    public static string Markdown(IEnumerable<Summary> summaries)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| benchmark | mean | rate | allocated / op | allocated / input byte | target | verdict |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|---|");
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var bench = report.BenchmarkCase;
                var name = $"{bench.Descriptor.Type.Name}.{bench.Descriptor.WorkloadMethod.Name}";
                var mean = report.ResultStatistics?.Mean;
                var allocated = report.GcStats.GetBytesAllocatedPerOperation(bench) ?? 0;
                if (mean is not > 0)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | failed | | | | | |");
                    continue;
                }

                var opsPerSecond = 1e9 / mean.Value;
                var hasWork = Work.TryGet(bench, out var work);
                var rate = hasWork ? opsPerSecond * work.Units : opsPerSecond;
                var rateText = !hasWork ? $"{rate:N0} ops/s" : work.Unit == "bytes" ? $"{rate / 1e6:N0} MB/s" : $"{rate:N0} {work.Unit}/s";
                var perByte = hasWork && work.Unit == "bytes" ? (allocated / work.Units).ToString("0.0000", CultureInfo.InvariantCulture) : "";
                var (target, verdict) = hasWork && work.Unit == "bytes"
                    ? ("≥ 1 GB/s, 0 B per byte",
                        (rate >= TargetBytesPerSecond ? "met" : $"missed: {rate / TargetBytesPerSecond:0.00} × target")
                        + (allocated / work.Units < 0.001 ? ", no per-byte allocation" : $", allocates {allocated / work.Units:0.00} B per byte"))
                    : ("(reported)", "");
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {Time(mean.Value)} | {rateText} | {allocated:N0} B | {perByte} | {target} | {verdict} |");
            }
        }

        return sb.ToString();
    }

    private static string Time(double ns) => ns switch
    {
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.000} ms"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.000} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns:0.0} ns"),
    };
}

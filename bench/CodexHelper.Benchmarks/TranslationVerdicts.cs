using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace CodexHelper.Benchmarks;

/// <summary>
/// The translation benchmarks side by side with the pass the proxy makes untranslated: per direction, µs and bytes
/// per request, ns and bytes per SSE event, and the ratios.
/// </summary>
public static class TranslationVerdicts
{
    public static string Markdown(IEnumerable<Summary> summaries)
    {
        var reports = summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .ToDictionary(r => Key(r.BenchmarkCase.Descriptor.Type.Name, r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.BenchmarkCase.Parameters.Items.Select(p => p.Value?.ToString() ?? "")), StringComparer.Ordinal);
        var sb = new StringBuilder();
        if (reports.Keys.Any(k => k.StartsWith(nameof(TranslationRequestBenchmarks), StringComparison.Ordinal)))
        {
            RequestTable(sb, reports);
        }

        if (reports.Keys.Any(k => k.StartsWith(nameof(TranslationStreamBenchmarks), StringComparison.Ordinal)))
        {
            StreamTable(sb, reports);
        }

        return sb.ToString();
    }

    private static void RequestTable(StringBuilder sb, Dictionary<string, BenchmarkReport> reports)
    {
        sb.AppendLine("Request translation of the recorded first turn (Codex 0.169 for Responses→…, Claude Code 2.1.197 for Anthropic→…), beside the untranslated filter pass over the same body.");
        sb.AppendLine();
        sb.AppendLine("| direction | body bytes | untranslated pass | translation | × pass | allocated / request | allocated / body byte | of which: JsonDocument parse | parse + rewrite unchanged |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var d in TranslationSamples.Directions)
        {
            if (!reports.TryGetValue(Key(nameof(TranslationRequestBenchmarks), "Translate", [d]), out var t)
                || !reports.TryGetValue(Key(nameof(TranslationRequestBenchmarks), "UntranslatedFilterPass", [d]), out var b))
            {
                continue;
            }

            Work.TryGet(t.BenchmarkCase, out var work);
            var allocated = Allocated(t);
            var parse = reports.TryGetValue(Key(nameof(TranslationRequestBenchmarks), "ParseOnly", [d]), out var p) ? $"{Us(p)} µs, {Allocated(p):N0} B" : "";
            var rewrite = reports.TryGetValue(Key(nameof(TranslationRequestBenchmarks), "ParseAndRewrite", [d]), out var w) ? $"{Us(w)} µs, {Allocated(w):N0} B" : "";
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {d} | {work.Units:N0} | {Us(b)} µs | **{Us(t)} µs** | {Mean(t) / Mean(b):0.0} | {allocated:N0} B | {allocated / work.Units:0.00} | {parse} | {rewrite} |");
        }

        sb.AppendLine();
    }

    private static void StreamTable(StringBuilder sb, Dictionary<string, BenchmarkReport> reports)
    {
        sb.AppendLine("Response translation per upstream SSE event (a whole stream fed one event at a time, a fresh translator per stream), beside the usage scan of the same upstream stream that the proxy runs translated or not.");
        sb.AppendLine();
        sb.AppendLine("| direction | stream | events | usage scan / event | translation / event | × scan | allocated / event | translator set-up | allocated / stream |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var d in TranslationSamples.Directions)
        {
            foreach (var shape in new[] { "text", "tool" })
            {
                string[] p = [d, shape];
                if (!reports.TryGetValue(Key(nameof(TranslationStreamBenchmarks), "Translate", p), out var t)
                    || !reports.TryGetValue(Key(nameof(TranslationStreamBenchmarks), "UsageScanOnly", p), out var b)
                    || !reports.TryGetValue(Key(nameof(TranslationStreamBenchmarks), "NewTranslator", p), out var n))
                {
                    continue;
                }

                Work.TryGet(t.BenchmarkCase, out var work);
                var events = work.Units;
                // The set-up (one small request translated) is paid once per stream, not per event.
                var perEvent = (Mean(t) - Mean(n)) / events;
                var allocatedPerEvent = Math.Max(0, Allocated(t) - Allocated(n)) / events;
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {d} | {shape} | {events:N0} | {Mean(b) / events:0} ns | **{perEvent:0} ns** | {perEvent / (Mean(b) / events):0.0} | {allocatedPerEvent:0} B | {Us(n)} µs | {Allocated(t):N0} B |");
            }
        }

        sb.AppendLine();
        sb.AppendLine("Translation / event and allocated / event leave out the translator's set-up (translating the small turn that makes it), shown on its own.");
        sb.AppendLine();
    }

    private static double Mean(BenchmarkReport r) => r.ResultStatistics!.Mean;

    private static double Allocated(BenchmarkReport r) => r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0;

    private static string Us(BenchmarkReport r) => (Mean(r) / 1e3).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Key(string type, string method, IEnumerable<string> parameters) => Work.Key(type, method, parameters);
}

using BenchmarkDotNet.Running;
using CodexHelper.Benchmarks;

// `CodexHelper.Benchmarks [--verdict FILE] --filter * [--artifacts DIR]`: every benchmark, short job, GitHub Markdown
// reports; with --verdict, also a Markdown table of the targets (bench/run.sh appends it to the results).
var verdictPath = default(string);
var bdnArgs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--verdict" && i + 1 < args.Length)
    {
        verdictPath = args[++i];
    }
    else
    {
        bdnArgs.Add(args[i]);
    }
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run([.. bdnArgs], new BenchConfig()).ToArray();
if (verdictPath is not null)
{
    File.WriteAllText(verdictPath, Verdicts.Markdown(summaries) + Environment.NewLine + TranslationVerdicts.Markdown(summaries));
}

return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

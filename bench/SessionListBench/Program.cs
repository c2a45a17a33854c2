// Benchmark (not a test): `session list` over 20,000 generated Codex rollouts.
// Usage: dotnet run -c Release --project bench/SessionListBench [-- FILES [RUNS]]
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Globalization;
using System.Text;
using CodexHelper;
using CodexHelper.Sessions;

var files = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
// A third argument keeps the generated tree in that directory for repeated runs.
var keep = args.Length > 2 ? args[2] : null;
var root = keep ?? Directory.CreateTempSubdirectory("session-bench-").FullName;
try
{
    var paths = new AppPaths(Path.Combine(root, "helper"), Path.Combine(root, "codex"), Path.Combine(root, "claude"));
    if (!Directory.Exists(paths.CodexSessionsDir))
    {
        var sw = Stopwatch.StartNew();
        var bytes = RolloutGenerator.Generate(paths, files);
        Console.WriteLine($"generated {files:N0} rollouts, {bytes / 1024.0 / 1024 / 1024:F2} GB, in {sw.Elapsed.TotalSeconds:F1} s");
    }

    Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");

    var project = RolloutGenerator.ProjectDir(7);
    void Measure(string name, Func<int> action)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        var count = 0;
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var t = Stopwatch.StartNew();
            count = action();
            times.Add(t.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        times.Sort();
        cpu.Sort();
        // CPU time (user + sys, all threads) is reported too: on a shared, loaded machine wall time mostly measures the neighbours.
        Console.WriteLine($"{name,-46} wall median {times[times.Count / 2],6:F0} ms  min {times[0],6:F0} ms | cpu median {cpu[cpu.Count / 2],6:F0} ms  ({count} results)");
    }

    var index = new SessionIndex(paths, SessionSource.Codex);
    var rollouts = new CodexRolloutFile(paths);
    Measure("(enumerate files only)", () => rollouts.Enumerate(directory: null).Count);
    var serial = new SessionIndex(paths, SessionSource.Codex, maxParallelism: 1);
    Measure("list --path <project> --limit 20", () => index.List(new SessionQuery(project, 20)).Count);
    Measure("list --path <project> --limit 20 (1 thread)", () => serial.List(new SessionQuery(project, 20)).Count);
    Measure("last --path <project>", () => index.List(new SessionQuery(project, 1)).Count);
    Measure("list --all --limit 20", () => index.List(new SessionQuery(null, 20)).Count);
    Measure("list --path <subdir of project> --limit 20", () => index.List(new SessionQuery(Path.Combine(project, "src"), 20)).Count);
    Measure("search 'needle' --path <project> --limit 20", () => index.Search("needle", new SessionQuery(project, 20)).Count);
    Measure("export <8-char prefix>", () => index.Export(RolloutGenerator.Id(7)[..8]).Messages.Count);
}
finally
{
    if (keep is null)
    {
        Directory.Delete(root, recursive: true);
    }
}

internal static class RolloutGenerator
{
    private const int Projects = 50;

    public static string ProjectDir(int project) => $"/home/dev/projects/project-{project:D2}";

    public static string Id(int n) => $"0199{n % 65536:x4}-{n / 65536:x4}-7bbb-8ccc-{n:x12}";

    /// <summary>Writes the tree; every 10th file gets several MB of tool output, like long real sessions.</summary>
    public static long Generate(AppPaths paths, int count)
    {
        var instructions = new string('i', 30_000);
        var bigLine = Encoding.UTF8.GetBytes(
            $"{{\"timestamp\":\"2025-06-01T10:00:00.000Z\",\"type\":\"response_item\",\"payload\":{{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"{new string('o', 256 * 1024)}\"}}}}\n");
        long total = 0;
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, n =>
        {
            var t = start.AddMinutes(n * 17);
            var cwd = ProjectDir(n % Projects) + (n % 3 == 0 ? "/src" : "");
            var dir = Path.Combine(paths.CodexSessionsDir, t.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, $"rollout-{t.UtcDateTime:yyyy-MM-dd'T'HH-mm-ss}-{Id(n)}.jsonl");
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
            var ts = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            Write(stream, $"{{\"timestamp\":\"{ts}\",\"type\":\"session_meta\",\"payload\":{{\"id\":\"{Id(n)}\",\"timestamp\":\"{ts}\",\"cwd\":\"{cwd}\",\"originator\":\"codex_cli_rs\",\"cli_version\":\"0.169.0\",\"source\":\"cli\",\"model_provider\":\"openai\",\"base_instructions\":{{\"text\":\"{instructions}\"}}}}}}\n");
            for (var turn = 0; turn < 5; turn++)
            {
                Write(stream, $"{{\"timestamp\":\"{ts}\",\"type\":\"response_item\",\"payload\":{{\"type\":\"message\",\"role\":\"user\",\"content\":[{{\"type\":\"input_text\",\"text\":\"<environment_context>\\n<cwd>{cwd}</cwd>\\n</environment_context>\"}}]}}}}\n");
                Write(stream, $"{{\"timestamp\":\"{ts}\",\"type\":\"response_item\",\"payload\":{{\"type\":\"message\",\"role\":\"user\",\"content\":[{{\"type\":\"input_text\",\"text\":\"please look at issue {n}-{turn}{(n % 97 == 0 ? " needle" : "")}\"}}]}}}}\n");
                Write(stream, $"{{\"timestamp\":\"{ts}\",\"type\":\"response_item\",\"payload\":{{\"type\":\"function_call\",\"name\":\"shell\",\"arguments\":\"{{\\\"command\\\":[\\\"bash\\\",\\\"-lc\\\",\\\"ls\\\"]}}\",\"call_id\":\"c\"}}}}\n");
                Write(stream, $"{{\"timestamp\":\"{ts}\",\"type\":\"response_item\",\"payload\":{{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{{\"type\":\"output_text\",\"text\":\"done with turn {turn}\"}}]}}}}\n");
            }

            if (n % 10 == 0)
            {
                for (var i = 0; i < 12; i++)
                {
                    stream.Write(bigLine);
                }
            }

            var end = t.AddMinutes(15).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            Write(stream, $"{{\"timestamp\":\"{end}\",\"type\":\"event_msg\",\"payload\":{{\"type\":\"token_count\",\"info\":null}}}}\n");
            Interlocked.Add(ref total, stream.Length);
            stream.Dispose();
            File.SetLastWriteTimeUtc(path, t.AddMinutes(15).UtcDateTime);
        });
        return total;
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}

using System.Diagnostics;
using System.Globalization;

namespace StreamingBench;

/// <summary>
/// Part 6: does an open dashboard cost the proxy anything? Closed-loop load (C workers, each POSTing a short SSE
/// request and reading it to the end) for R interleaved rounds of "no viewer" and "one viewer reading every
/// event"; requests per second and the helper's CPU time per request (utime + stime from /proc) per variant.
/// </summary>
internal static class DashboardMeasurement
{
    public static async Task<int> RunAsync(Options options)
    {
        var helperPath = options.Require("helper");
        var label = options.Get("label", "codex-helper");
        var connections = options.GetInt("connections", 16);
        var seconds = options.GetInt("seconds", 10);
        var warmup = options.GetInt("warmup-s", 20);
        var rounds = options.GetInt("rounds", 3);

        await using var upstream = await Upstream.StartAsync();
        using var helper = await HelperProcess.StartAsync(helperPath, upstream.BaseUrl);
        using var client = SseClient.Create();
        var body = SseClient.SmallRequestBody();
        var url = $"{helper.BaseUrl}/stream/responses?events=5&interval=0";

        Console.Error.WriteLine($"  dashboard: warming up {warmup} s");
        await LoadAsync(client, url, body, connections, warmup, helper.Pid);
        var results = new Dictionary<string, List<(double Rps, double CpuUs)>> { ["no viewer"] = [], ["one viewer"] = [] };
        long seen = 0, sent = 0, dropped = 0;
        for (var r = 0; r < rounds; r++)
        {
            foreach (var variant in r % 2 == 0 ? new[] { "no viewer", "one viewer" } : ["one viewer", "no viewer"])
            {
                DashboardViewerClient? viewer = variant == "one viewer" ? await DashboardViewerClient.ConnectAsync(helper.BaseUrl) : null;
                var (requests, rps, cpu) = await LoadAsync(client, url, body, connections, seconds, helper.Pid);
                if (viewer is not null)
                {
                    await Task.Delay(500); // the last events are still on their way
                    seen += viewer.Requests;
                    dropped += viewer.Dropped;
                    sent += requests;
                    await viewer.DisposeAsync();
                }

                results[variant].Add((rps, cpu));
                Console.Error.WriteLine($"  dashboard: round {r + 1}, {variant}: {rps:0} req/s, {cpu:0} µs CPU/req");
            }
        }

        var none = results["no viewer"];
        var one = results["one viewer"];
        double Mean(List<(double Rps, double CpuUs)> xs, bool rps) => xs.Average(x => rps ? x.Rps : x.CpuUs);
        Console.WriteLine($"#### Dashboard viewer — {label} ({connections} connections, {seconds} s × {rounds} interleaved rounds, 5-event SSE responses)");
        Console.WriteLine();
        Console.WriteLine("| variant | req/s (mean) | req/s per round | helper CPU µs/req |");
        Console.WriteLine("|---|---:|---|---:|");
        foreach (var (name, xs) in results)
        {
            Console.WriteLine($"| {name} | {Mean(xs, true):0} | {string.Join(", ", xs.Select(x => x.Rps.ToString("0", CultureInfo.InvariantCulture)))} | {Mean(xs, false):0} |");
        }

        var change = (Mean(one, true) / Mean(none, true) - 1) * 100;
        Console.WriteLine();
        Console.WriteLine($"With one viewer: {change:+0.0;-0.0}% req/s; the viewer received {seen:N0} request events for {sent:N0} requests ({dropped:N0} reported dropped).");
        Console.WriteLine();
        return 0;
    }

    private static async Task<(long Requests, double Rps, double CpuUsPerRequest)> LoadAsync(HttpClient client, string url, byte[] body, int connections, int seconds, int pid)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        long done = 0;
        var cpuBefore = CpuSeconds(pid);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await SseClient.DrainAsync(client, url, body, null, ct: stop.Token);
                    Interlocked.Increment(ref done);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = CpuSeconds(pid) - cpuBefore;
        return (done, done / elapsed, done == 0 ? 0 : cpu * 1e6 / done);
    }

    /// <summary>utime + stime of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}

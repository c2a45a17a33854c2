using System.Diagnostics;

namespace StreamingBench;

/// <summary>
/// Part 3: resident memory of <c>serve</c> idle, while holding many slow streams, and around one very large
/// streamed response. Peaks are the larger of a 50 ms RSS sampler and VmHWM (reset before each phase).
/// </summary>
internal static class MemoryMeasurement
{
    public static async Task<int> RunAsync(Options options)
    {
        var helperPath = options.Require("helper");
        var label = options.Get("label", "codex-helper");
        var streams = options.GetInt("streams", 256);
        var holdSeconds = options.GetInt("hold-s", 8);
        var bigMb = options.GetInt("big-mb", 200);

        await using var upstream = await Upstream.StartAsync();
        using var helper = await HelperProcess.StartAsync(helperPath, upstream.BaseUrl);
        using var client = SseClient.Create();
        var body = SseClient.SmallRequestBody();
        var pid = helper.Pid;
        // --viewer: a dashboard tab is open through every phase, reading every event.
        await using var viewer = options.Get("viewer", "false") == "true" ? await DashboardViewerClient.ConnectAsync(helper.BaseUrl) : null;

        await Task.Delay(2000);
        var idle = ProcStatus.RssMiB(pid);
        Console.Error.WriteLine($"  idle RSS {Stats.Mb(idle)} MiB");

        // Many slow streams at once: one event every 250 ms for holdSeconds.
        var canReset = ProcStatus.ResetPeak(pid);
        var beforeStreams = ProcStatus.RssMiB(pid);
        double streamsPeak;
        var open = 0;
        var clock = Stopwatch.StartNew();
        double allOpenSeconds;
        await using (var sampler = new RssSampler(pid))
        {
            var url = $"{helper.BaseUrl}/stream/responses?events={holdSeconds * 4}&interval=250";
            var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var tasks = Enumerable.Range(0, streams).Select(_ => SseClient.DrainAsync(client, url, body, () =>
            {
                if (Interlocked.Increment(ref open) == streams)
                {
                    allOpen.TrySetResult();
                }
            })).ToArray();
            await Task.WhenAny(allOpen.Task, Task.WhenAll(tasks));
            allOpenSeconds = clock.Elapsed.TotalSeconds;
            await Task.WhenAll(tasks);
            // Keep sampling through the cool-down: freeing 256 connections can itself raise RSS for a moment.
            await Task.Delay(2000);
            streamsPeak = Math.Max(sampler.MaxMiB, canReset ? ProcStatus.PeakRssMiB(pid) : 0);
        }

        if (open != streams)
        {
            throw new BenchException($"only {open} of {streams} streams delivered a first byte");
        }

        var afterStreams = ProcStatus.RssMiB(pid);
        Console.Error.WriteLine($"  {streams} streams: peak {Stats.Mb(streamsPeak)} MiB");

        // One very large response, read and discarded by the client.
        var beforeBig = ProcStatus.RssMiB(pid);
        ProcStatus.ResetPeak(pid);
        double bigPeak;
        long received;
        double bigSeconds;
        clock.Restart();
        await using (var sampler = new RssSampler(pid))
        {
            received = await SseClient.DrainAsync(client, $"{helper.BaseUrl}/big/responses?mb={bigMb}", body);
            bigSeconds = clock.Elapsed.TotalSeconds;
            await Task.Delay(1000);
            bigPeak = Math.Max(sampler.MaxMiB, canReset ? ProcStatus.PeakRssMiB(pid) : 0);
        }

        if (received < (long)bigMb * 1024 * 1024)
        {
            throw new BenchException($"big response was cut: {received} bytes");
        }

        var afterBig = ProcStatus.RssMiB(pid);

        Console.WriteLine($"#### Memory — {label}{(viewer is null ? "" : ", dashboard open")} (resident set of the serve process, MiB)");
        Console.WriteLine();
        Console.WriteLine("| phase | before | peak | after | target | verdict |");
        Console.WriteLine("|---|---:|---:|---:|---|---|");
        Console.WriteLine($"| idle, 2 s after start | | | {Stats.Mb(idle)} | ≤ 60 | {Verdict(idle, 60)} |");
        Console.WriteLine($"| {streams} concurrent slow streams (all open after {allOpenSeconds:0.0} s, held {holdSeconds} s) | {Stats.Mb(beforeStreams)} | {Stats.Mb(streamsPeak)} | {Stats.Mb(afterStreams)} | peak ≤ 150 | {Verdict(streamsPeak, 150)} |");
        Console.WriteLine($"| one {bigMb} MB SSE response ({bigMb / bigSeconds:0} MB/s) | {Stats.Mb(beforeBig)} | {Stats.Mb(bigPeak)} | {Stats.Mb(afterBig)} | peak − before ≤ 20 | {Verdict(bigPeak - beforeBig, 20)} (+{Stats.Mb(bigPeak - beforeBig)}, after +{Stats.Mb(afterBig - beforeBig)}) |");
        Console.WriteLine();
        if (viewer is not null)
        {
            Console.WriteLine($"The dashboard viewer received {viewer.Requests:N0} request events ({viewer.Dropped:N0} reported dropped).");
            Console.WriteLine();
        }

        if (!canReset)
        {
            Console.WriteLine("(VmHWM could not be reset; peaks come from the 50 ms sampler only.)");
            Console.WriteLine();
        }

        return 0;
    }

    private static string Verdict(double value, double target) =>
        value <= target ? "**met**" : $"**missed** by {Stats.Mb(value - target)}";
}

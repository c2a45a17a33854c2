namespace StreamingBench;

/// <summary>
/// Part 2: 200 SSE events 10 ms apart, read directly from the upstream and through codex-helper in alternating
/// runs. Added delay = through-helper latency minus direct latency, per percentile.
/// </summary>
internal static class StreamingMeasurement
{
    public static async Task<int> RunAsync(Options options)
    {
        var helperPath = options.Require("helper");
        var label = options.Get("label", "codex-helper");
        var runs = options.GetInt("runs", 5);
        var events = options.GetInt("events", 200);
        var interval = options.GetInt("interval-ms", 10);

        await using var upstream = await Upstream.StartAsync();
        using var helper = await HelperProcess.StartAsync(helperPath, upstream.BaseUrl);
        using var client = SseClient.Create();
        var body = SseClient.SmallRequestBody();
        var query = $"/stream/responses?events={events}&interval={interval}";
        var directUrl = upstream.BaseUrl + query;
        var helperUrl = helper.BaseUrl + query;

        // Warm-up: JIT, connection pools (client → helper, helper → upstream).
        for (var i = 0; i < 3; i++)
        {
            await SseClient.ReadStampedAsync(client, upstream.BaseUrl + "/stream/responses?events=20&interval=1", body);
            await SseClient.ReadStampedAsync(client, helper.BaseUrl + "/stream/responses?events=20&interval=1", body);
        }

        var direct = new List<double>();
        var through = new List<double>();
        var directFirst = new List<double>();
        var throughFirst = new List<double>();
        var directContent = new List<double>();
        var throughContent = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            // Alternate which goes first so that neither side always follows the other.
            foreach (var viaHelper in r % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var result = await SseClient.ReadStampedAsync(client, viaHelper ? helperUrl : directUrl, body);
                if (result.EventLatencyMs.Length != events)
                {
                    throw new BenchException($"expected {events} events, got {result.EventLatencyMs.Length} ({(viaHelper ? "via helper" : "direct")})");
                }

                (viaHelper ? through : direct).AddRange(result.EventLatencyMs);
                (viaHelper ? throughFirst : directFirst).Add(result.FirstEventMs);
                (viaHelper ? throughContent : directContent).Add(result.FirstContentMs);
            }

            Console.Error.WriteLine($"  streaming run {r + 1}/{runs} done");
        }

        var rows = new[]
        {
            ("direct", Summary(direct, directFirst)),
            ($"via {label}", Summary(through, throughFirst)),
        };
        var added = (P50: rows[1].Item2.P50 - rows[0].Item2.P50, P99: rows[1].Item2.P99 - rows[0].Item2.P99,
            Max: rows[1].Item2.Max - rows[0].Item2.Max, First: rows[1].Item2.First - rows[0].Item2.First);

        Console.WriteLine($"#### Streaming fidelity — {label}: {events} events {interval} ms apart, {runs} runs each way ({runs * events} events)");
        Console.WriteLine();
        Console.WriteLine("Event latency = arrival at the client minus the moment the upstream wrote it (ms). First event = request start to first event (median of runs).");
        Console.WriteLine();
        Console.WriteLine("| path | p50 | p99 | max | first event |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, s) in rows)
        {
            Console.WriteLine($"| {name} | {Stats.Ms(s.P50)} | {Stats.Ms(s.P99)} | {Stats.Ms(s.Max)} | {Stats.Ms(s.First)} |");
        }

        Console.WriteLine($"| **added by {label}** | **{Stats.Ms(added.P50)}** | **{Stats.Ms(added.P99)}** | **{Stats.Ms(added.Max)}** | **{Stats.Ms(added.First)}** |");
        Console.WriteLine();
        var addedContent = Stats.Percentile(throughContent, 50) - Stats.Percentile(directContent, 50);
        // The commit point holds response.created until the first content event ({interval} ms later here), so the
        // first event's added time includes that gap by design; the 5 ms target applies to the first content event,
        // which is what the user sees and where the hold's own cost shows.
        Console.WriteLine($"Targets: added p99 ≤ 2 ms → {Verdict(added.P99, 2)}; first content event added ≤ 5 ms → {Verdict(addedContent, 5)}.");
        Console.WriteLine();
        Console.WriteLine($"First content event (request start to event 2, median): direct {Stats.Ms(Stats.Percentile(directContent, 50))} ms, via {label} {Stats.Ms(Stats.Percentile(throughContent, 50))} ms, added {Stats.Ms(addedContent)} ms. The first event column includes the {interval} ms the commit point holds `response.created` for, by design.");
        if (added.P99 < 0 || added.Max < 0)
        {
            Console.WriteLine("(A negative difference means scheduling noise on this machine is larger than what the proxy adds at that percentile.)");
        }

        Console.WriteLine();
        return 0;
    }

    private static (double P50, double P99, double Max, double First) Summary(List<double> latencies, List<double> firsts) =>
        (Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), latencies.Max(), Stats.Percentile(firsts, 50));

    private static string Verdict(double value, double target) =>
        value <= target ? $"**met** ({Stats.Ms(value)} ms)" : $"**missed** by {Stats.Ms(value - target)} ms ({Stats.Ms(value)} ms)";
}

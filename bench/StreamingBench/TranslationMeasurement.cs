using System.Diagnostics;
using System.Globalization;

namespace StreamingBench;

/// <summary>
/// Part 7: the same client turn through codex-helper untranslated (an upstream of the client's own protocol) and
/// translated (upstreams that speak the other two), side by side in one run. CPU: the helper process's processor
/// time per request over closed-loop rounds of the client's recorded first turn (Codex 0.169 or Claude Code
/// 2.1.197), each answered by a text stream of <c>--deltas</c> events in the upstream's protocol; the upstream and
/// the client live in this process, so the helper's time is the proxy's alone. Streaming: paced text deltas stamped
/// in their text (the one field every translation keeps), read directly and through the helper in alternating runs,
/// as part 2 measures; added = through minus direct, per percentile.
/// </summary>
internal static class TranslationMeasurement
{
    private sealed record Client(string Service, string OwnProtocol, string[] Others, string TurnPath, string Fixture, byte[] SmallBody);

    private static readonly Client[] Clients =
    [
        new("codex", "responses", ["chat", "anthropic"], "/responses", "codex-0.169-request.json", SseClient.SmallRequestBody()),
        new("claude", "anthropic", ["chat", "responses"], "/v1/messages", "claude-2.1.197-request.json",
            """{"model":"claude-sonnet-4-5","max_tokens":32000,"stream":true,"system":[{"type":"text","text":"You are Claude Code."}],"messages":[{"role":"user","content":[{"type":"text","text":"Say hello to secret-corp.com"}]}]}"""u8.ToArray()),
    ];

    public static async Task<int> RunAsync(Options options)
    {
        var helperPath = options.Require("helper");
        var label = options.Get("label", "codex-helper");
        var fixtures = options.Require("fixtures");
        var settings = new Settings(
            options.GetInt("rounds", 3), options.GetInt("requests", 1500), options.GetInt("concurrency", 2), options.GetInt("warmup-s", 15),
            options.GetInt("deltas", 100), options.GetInt("runs", 3), options.GetInt("events", 200), options.GetInt("interval-ms", 10));
        var only = options.Get("clients", "codex claude").Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Console.WriteLine($"#### Translation end to end — {label}");
        Console.WriteLine();
        Console.WriteLine($"CPU: {settings.Rounds} interleaved rounds of {settings.Requests} requests ({settings.Concurrency} at a time) per path after {settings.WarmupS} s of warm-up each; the client's recorded first turn, answered with a {settings.Deltas}-delta text stream in the upstream's protocol, one flush per event. "
            + $"CPU µs/req = the helper process's processor time ÷ requests (mean of the rounds; upstream and client are another process). Streaming: {settings.Events} text deltas {settings.IntervalMs} ms apart, {settings.Runs} runs each way per path.");
        Console.WriteLine();
        foreach (var client in Clients.Where(c => only.Contains(c.Service)))
        {
            var body = await File.ReadAllBytesAsync(Path.Combine(fixtures, client.Fixture));
            await MeasureClientAsync(helperPath, client, body, settings);
        }

        return 0;
    }

    private sealed record Settings(int Rounds, int Requests, int Concurrency, int WarmupS, int Deltas, int Runs, int Events, int IntervalMs);

    private sealed record PathResult(string Protocol, List<double> CpuUs, List<double> Rps, List<double> Direct, List<double> Through);

    private static async Task MeasureClientAsync(string helperPath, Client client, byte[] body, Settings settings)
    {
        await using var upstream = await Upstream.StartAsync();
        var protocols = new[] { client.OwnProtocol }.Concat(client.Others).ToArray();
        var helpers = new List<HelperProcess>();
        try
        {
            foreach (var protocol in protocols)
            {
                helpers.Add(await HelperProcess.StartAsync(helperPath, UpstreamBase(upstream, protocol), client.Service, protocol == client.OwnProtocol ? null : protocol));
            }

            using var http = SseClient.Create();
            var results = protocols.Select(p => new PathResult(p, [], [], [], [])).ToArray();
            var fast = new WireAgent(false, settings.Deltas, 0);
            for (var h = 0; h < helpers.Count; h++)
            {
                await CheckTurnAsync(http, helpers[h].BaseUrl + client.TurnPath, body, client, fast);
                Console.Error.WriteLine($"  translation: warming up {client.Service} → {protocols[h]}");
                await LoadAsync(http, helpers[h].BaseUrl + client.TurnPath, body, client, fast, settings.Concurrency, TimeSpan.FromSeconds(settings.WarmupS), int.MaxValue);
            }

            for (var r = 0; r < settings.Rounds; r++)
            {
                // Rotate the order so that no path always runs first (or right after another) in a round.
                for (var k = 0; k < helpers.Count; k++)
                {
                    var h = (k + r) % helpers.Count;
                    var cpu0 = helpers[h].ProcessorTime;
                    var wall = Stopwatch.StartNew();
                    var done = await LoadAsync(http, helpers[h].BaseUrl + client.TurnPath, body, client, fast, settings.Concurrency, TimeSpan.FromMinutes(5), settings.Requests);
                    var cpu = (helpers[h].ProcessorTime - cpu0).TotalMicroseconds;
                    results[h].CpuUs.Add(cpu / done);
                    results[h].Rps.Add(done / wall.Elapsed.TotalSeconds);
                }

                Console.Error.WriteLine($"  translation: {client.Service} CPU round {r + 1}/{settings.Rounds} done");
            }

            var paced = new WireAgent(true, settings.Events, settings.IntervalMs);
            for (var run = 0; run < settings.Runs; run++)
            {
                for (var h = 0; h < helpers.Count; h++)
                {
                    foreach (var viaHelper in (run + h) % 2 == 0 ? new[] { false, true } : [true, false])
                    {
                        var url = (viaHelper ? helpers[h].BaseUrl : UpstreamBase(upstream, protocols[h])) + TurnPath(protocols[h], viaHelper ? client : null);
                        var result = await SseClient.ReadStampedAsync(http, url, client.SmallBody, configure: m => Configure(m, paced, viaHelper ? client.OwnProtocol : protocols[h]));
                        if (result.EventLatencyMs.Length != settings.Events)
                        {
                            throw new BenchException($"{client.Service} → {protocols[h]}: expected {settings.Events} stamped deltas, got {result.EventLatencyMs.Length} ({(viaHelper ? "via helper" : "direct")})");
                        }

                        (viaHelper ? results[h].Through : results[h].Direct).AddRange(result.EventLatencyMs);
                    }
                }

                Console.Error.WriteLine($"  translation: {client.Service} streaming run {run + 1}/{settings.Runs} done");
            }

            Report(client, results);
        }
        finally
        {
            foreach (var helper in helpers)
            {
                helper.Dispose();
            }
        }
    }

    /// <summary>The base_url of an upstream of <paramref name="protocol"/>: OpenAI-style relays carry <c>/v1</c>, Anthropic ones the bare host.</summary>
    private static string UpstreamBase(Upstream upstream, string protocol) => protocol == "anthropic" ? upstream.BaseUrl : upstream.BaseUrl + "/v1";

    /// <summary>The path a request goes to: the client's turn path on the helper, the upstream protocol's own path after its base_url directly.</summary>
    private static string TurnPath(string protocol, Client? viaHelperFor) => viaHelperFor is not null ? viaHelperFor.TurnPath : protocol switch
    {
        "chat" => "/chat/completions",
        "anthropic" => "/v1/messages",
        _ => "/responses",
    };

    private static void Configure(HttpRequestMessage request, WireAgent agent, string speaking)
    {
        request.Headers.TryAddWithoutValidation("User-Agent", agent.ToString());
        if (speaking == "anthropic")
        {
            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        }
    }

    /// <summary>One turn through the helper must come back complete in the client's protocol, or the numbers mean nothing.</summary>
    private static async Task CheckTurnAsync(HttpClient http, string url, byte[] body, Client client, WireAgent agent)
    {
        using var request = SseClient.Request(url, body);
        Configure(request, agent, client.OwnProtocol);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var terminal = client.OwnProtocol == "anthropic" ? "event: message_stop" : "event: response.completed";
        if (!response.IsSuccessStatusCode || !text.Contains(terminal, StringComparison.Ordinal) || !text.Contains("DEPLOY_TOKEN", StringComparison.Ordinal))
        {
            throw new BenchException($"{url} did not answer a complete {client.OwnProtocol} stream ({(int)response.StatusCode}): {text[..Math.Min(400, text.Length)]}");
        }
    }

    /// <summary>Closed loop: <paramref name="concurrency"/> clients each sending the next request when the last answer ended, until the time or the count is reached.</summary>
    private static async Task<int> LoadAsync(HttpClient http, string url, byte[] body, Client client, WireAgent agent, int concurrency, TimeSpan duration, int requests)
    {
        var claimed = 0;
        var completed = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration && Interlocked.Increment(ref claimed) <= requests)
            {
                await SseClient.DrainAsync(http, url, body, configure: m => Configure(m, agent, client.OwnProtocol));
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(workers);
        return completed;
    }

    private static void Report(Client client, PathResult[] results)
    {
        var own = results[0];
        var ownCpu = own.CpuUs.Average();
        var ownAdded = Stats.Percentile(own.Through, 99) - Stats.Percentile(own.Direct, 99);
        Console.WriteLine($"##### {client.Service} client ({client.OwnProtocol}), recorded first turn");
        Console.WriteLine();
        Console.WriteLine("| upstream protocol | path | CPU µs/req | × untranslated | req/s | direct p50 / p99 ms | via helper p50 / p99 ms | added p50 ms | added p99 ms | targets: CPU ≤ 1.2 ×, added p99 ≤ 2 ms |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var cpu = r.CpuUs.Average();
            var ratio = cpu / ownCpu;
            var addedP50 = Stats.Percentile(r.Through, 50) - Stats.Percentile(r.Direct, 50);
            var addedP99 = Stats.Percentile(r.Through, 99) - Stats.Percentile(r.Direct, 99);
            var translated = r != own;
            var cpuVerdict = !translated ? "—" : ratio <= 1.2 ? "CPU **met**" : $"CPU **missed** (+{(ratio - 1) * 100:0} %)";
            var p99Verdict = addedP99 <= 2 ? "p99 **met**" : "p99 **missed**";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Protocol} | {(translated ? $"translated {client.OwnProtocol} → {r.Protocol}" : "untranslated")} | {cpu:0} ({string.Join(", ", r.CpuUs.Select(c => c.ToString("0", CultureInfo.InvariantCulture)))}) | {(translated ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "1")} | {r.Rps.Average():0} | {Stats.Ms(Stats.Percentile(r.Direct, 50))} / {Stats.Ms(Stats.Percentile(r.Direct, 99))} | {Stats.Ms(Stats.Percentile(r.Through, 50))} / {Stats.Ms(Stats.Percentile(r.Through, 99))} | {Stats.Ms(addedP50)} | **{Stats.Ms(addedP99)}** | {(translated ? cpuVerdict + "; " : "")}{p99Verdict} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Added p99 of translation alone (translated path's added p99 minus the untranslated path's, {Stats.Ms(ownAdded)} ms): {string.Join("; ", results.Skip(1).Select(r => $"{r.Protocol} {Stats.Ms(Stats.Percentile(r.Through, 99) - Stats.Percentile(r.Direct, 99) - ownAdded)} ms"))}."));
        Console.WriteLine();
    }
}

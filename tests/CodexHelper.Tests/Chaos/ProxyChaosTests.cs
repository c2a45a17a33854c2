using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CodexHelper.Tests.Support;
using Xunit.Abstractions;

namespace CodexHelper.Tests.Chaos;

[CollectionDefinition("Chaos", DisableParallelization = true)]
public sealed class ChaosCollection;

/// <summary>
/// A new user's bad day, many times over: relays that fail in every way we know, listeners that go away and
/// come back. While at least one upstream can answer a request, no client may see a failure before its first
/// byte; every request is logged exactly once; memory stays flat. Figures go to docs/reliability.md.
/// </summary>
[Collection("Chaos")]
[Trait("Category", "Chaos")]
public class ProxyChaosTests(ITestOutputHelper output)
{
    private const int Clients = 16;

    /// <summary>Short timeouts so a hanging relay costs a second, not five minutes.</summary>
    private const string Routing = """{"failure_threshold":2,"cooldown_secs":1,"header_timeout_secs":1,"connect_timeout_secs":2,"idle_timeout_secs":5}""";

    [Fact]
    public async Task Mixed_faults_on_every_relay_never_reach_a_client_while_another_relay_can_answer()
    {
        using var home = new TempHome();
        var refused = $"http://127.0.0.1:{FreePort.Get()}/v1";
        await using var a = await FaultyUpstream.StartAsync();
        await using var b = await FaultyUpstream.StartAsync();
        // Per request at most one relay misbehaves (the ledger), so every request has a relay that can answer it.
        var ledger = new ConcurrentDictionary<string, bool>();
        var random = new Random(11);
        a.Choose = path => Ledgered(path, PickFault(random), ledger);
        b.Choose = path => Ledgered(path, PickFault(random), ledger);
        TestConfig.WriteWithRouting(home, refused, Routing, a.BaseUrl, b.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        var result = await RunAsync(proxy, ChaosLoad.RequestCount(10_000));

        var injected = a.Injected + b.Injected;
        Report("mixed faults", result, injected, a, b);
        Assert.True(injected > result.Requests / 20, $"only {injected} faults injected");
        Assert.Equal(0, result.FailedBeforeFirstByte);
        Assert.Equal(0, result.BrokenAfterFirstByte);
        await AssertLoggedOnceAsync(proxy, result.Requests);
    }

    [Fact]
    public async Task Two_relays_taking_turns_being_down_never_fail_a_request()
    {
        using var home = new TempHome();
        await using var a = await FaultyUpstream.StartAsync();
        await using var b = await FaultyUpstream.StartAsync();
        // The configuration: the second relay is the one that was down first and must serve as the fallback.
        TestConfig.WriteWithRouting(home, b.BaseUrl, """{"failure_threshold":1,"cooldown_secs":0.3}""", a.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var stop = new CancellationTokenSource();
        var outages = 0;
        var flapper = Task.Run(async () =>
        {
            // Never both down: one goes away, both are up for a moment, the other goes away.
            while (!stop.IsCancellationRequested)
            {
                foreach (var (down, _) in new[] { (b, a), (a, b) })
                {
                    await down.DownAsync();
                    Interlocked.Increment(ref outages);
                    await Task.Delay(150);
                    await down.UpAsync();
                    await Task.Delay(100);
                }
            }
        });

        ChaosResult result;
        try
        {
            result = await RunAsync(proxy, ChaosLoad.RequestCount(10_000));
        }
        finally
        {
            await stop.CancelAsync();
            await flapper;
        }

        Report($"taking turns ({outages} outages)", result, outages, a, b);
        Assert.True(outages >= 4, $"only {outages} outages during the run");
        Assert.True(a.Served > 0 && b.Served > 0);
        Assert.Equal(0, result.FailedBeforeFirstByte);
        await AssertLoggedOnceAsync(proxy, result.Requests);
    }

    private async Task<ChaosResult> RunAsync(ProxyHarness proxy, int requests)
    {
        // Warm up (JIT, pools, connections) before taking the memory baseline.
        var warmUp = await ChaosLoad.RunAsync(proxy.Server.BaseAddress, "warm", 200, Clients, CancellationToken.None);
        await proxy.Server.Runtime.Log.FlushAsync();
        var before = ManagedHeap();
        var result = await ChaosLoad.RunAsync(proxy.Server.BaseAddress, "run", requests, Clients, CancellationToken.None);
        await proxy.Server.Runtime.Log.FlushAsync();
        var after = ManagedHeap();
        // The harness keeps the proxy's console in a StringWriter: part of the growth is those lines, not the proxy.
        var consoleChars = (await proxy.ConsoleTextAsync()).Length;
        output.WriteLine($"managed heap after full GC: {before / 1048576.0:0.0} MB before, {after / 1048576.0:0.0} MB after "
            + $"(of which the captured console: {consoleChars * 2 / 1048576.0:0.0} MB); working set {Environment.WorkingSet / 1048576} MB");
        Assert.True(after - before < 32L * 1024 * 1024, $"managed heap grew from {before} to {after} bytes");
        return new ChaosResult(warmUp.Requests + result.Requests, warmUp.Completed + result.Completed,
            warmUp.FailedBeforeFirstByte + result.FailedBeforeFirstByte, warmUp.BrokenAfterFirstByte + result.BrokenAfterFirstByte,
            [.. warmUp.Samples, .. result.Samples]);
    }

    private static long ManagedHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Every request (warm-up included) has exactly one log line, with an outcome.</summary>
    private static async Task AssertLoggedOnceAsync(ProxyHarness proxy, int requests)
    {
        var lines = await proxy.LogLinesAsync(requests);
        Assert.Equal(requests, lines.Length);
        Assert.Equal(requests, lines.Select(l => l["path"]!.GetValue<string>()).Distinct().Count());
        Assert.All(lines, l => Assert.Equal("ok", l["outcome"]!.GetValue<string>()));
    }

    private void Report(string scenario, ChaosResult result, long injected, FaultyUpstream a, FaultyUpstream b)
    {
        output.WriteLine($"{scenario}: {result.Requests} requests from {Clients} clients, {injected} faults/outages injected, "
            + $"{result.FailedBeforeFirstByte} failed before the first byte, {result.BrokenAfterFirstByte} broke after it");
        foreach (var (name, up) in new[] { ("A", a), ("B", b) })
        {
            output.WriteLine($"  {name}: served {up.Served}, 500 {up.Count(Fault.Status500)}, 429 {up.Count(Fault.Status429)}, "
                + $"429+Retry-After {up.Count(Fault.Status429RetryAfter)}, closed before headers {up.Count(Fault.CloseBeforeHeaders)}, hung {up.Count(Fault.Hang)}");
        }

        foreach (var sample in result.Samples)
        {
            output.WriteLine("  " + sample);
        }
    }

    private static Fault PickFault(Random random)
    {
        int roll;
        lock (random)
        {
            roll = random.Next(1000);
        }

        return roll switch
        {
            < 600 => Fault.None,
            < 700 => Fault.Status500,
            < 800 => Fault.Status429,
            < 850 => Fault.Status429RetryAfter,
            < 995 => Fault.CloseBeforeHeaders,
            _ => Fault.Hang,
        };
    }

    /// <summary>A relay misbehaves on a request only if no other relay already did on the same request.</summary>
    private static Fault Ledgered(string path, Fault fault, ConcurrentDictionary<string, bool> ledger) =>
        fault == Fault.None || ledger.TryAdd(path, true) ? fault : Fault.None;
}

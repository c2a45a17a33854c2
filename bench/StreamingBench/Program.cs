using StreamingBench;

// Subcommands print a Markdown fragment on stdout (bench/run.sh appends it to the results file).
// Progress and diagnostics go to stderr.
var command = args.Length > 0 ? args[0] : "";
if (command == "floor")
{
    // Before the first socket opens, as codex-helper's Program.cs does.
    CodexHelper.Proxy.Hosting.SocketCompletions.PreferInline();
}

var options = Options.Parse(args.Skip(1));
try
{
    return command switch
    {
        "stream" => await StreamingMeasurement.RunAsync(options),
        "memory" => await MemoryMeasurement.RunAsync(options),
        "dashboard" => await DashboardMeasurement.RunAsync(options),
        "translate" => await TranslationMeasurement.RunAsync(options),
        "floor" => await FloorServer.RunAsync(options),
        "gen-body" => BodyGenerator.Run(options),
        "gen-rollouts" => RolloutGenerator.Run(options),
        _ => Usage(),
    };
}
catch (BenchException e)
{
    await Console.Error.WriteLineAsync($"StreamingBench: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: StreamingBench <command> [--key value ...]
          stream       --helper PATH [--label L] [--runs 5] [--events 200] [--interval-ms 10]
          memory       --helper PATH [--label L] [--streams 256] [--hold-s 8] [--big-mb 200] [--viewer]
          dashboard    --helper PATH [--label L] [--connections 16] [--seconds 10] [--warmup-s 20] [--rounds 3]
          translate    --helper PATH --fixtures DIR [--label L] [--clients "codex claude"] [--rounds 3] [--requests 1500]
                       [--concurrency 2] [--warmup-s 15] [--deltas 100] [--runs 3] [--events 200] [--interval-ms 10]
          floor        --mode sink|forward --port P (--answer FILE | --upstream URL)   runs until killed
          gen-body     --out FILE [--kb 100]
          gen-rollouts --dir CODEX_HOME [--count 20000] [--instructions-kb 30]
        """);
    return 2;
}

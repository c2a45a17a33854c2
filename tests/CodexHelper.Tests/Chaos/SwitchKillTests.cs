using System.Diagnostics;
using System.Globalization;
using CodexHelper.Tests.Clients;
using CodexHelper.Tests.Support;
using Xunit.Abstractions;

namespace CodexHelper.Tests.Chaos;

/// <summary>
/// SIGKILL of real <c>codex-helper switch on/off</c> processes at random moments, alone and two at a time: after a
/// clean <c>switch off</c> the user's config.toml / settings.json is byte-identical and the client's folder holds
/// nothing of ours (no temp file, no backup). Runs per test: CODEX_HELPER_CHAOS_SWITCH_RUNS (default 12 per client, ~25 s in CI;
/// a few hundred for a big run).
/// </summary>
[Trait("Category", "Chaos")]
public sealed class SwitchKillTests(ITestOutputHelper output)
{
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("CODEX_HELPER_CHAOS_SWITCH_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 12;

    [Fact]
    public Task Codex_config_toml_survives_sigkill_during_switch() =>
        RunAsync("config.toml", SampleFiles.RealisticConfigToml + "\n", h => h.Paths.CodexConfigToml, "--codex");

    [Fact]
    public Task Claude_settings_json_survives_sigkill_during_switch() =>
        RunAsync("settings.json", "{\n  \"model\": \"sonnet\",\n  \"env\": {\n    \"ANTHROPIC_BASE_URL\": \"https://relay.example\",\n    \"ANTHROPIC_AUTH_TOKEN\": \"sk-relay-abcd\"\n  }\n}\n",
            h => Path.Combine(h.Paths.ClaudeHome, "settings.json"), "--claude");

    private async Task RunAsync(string name, string original, Func<TempHome, string> fileOf, string flag)
    {
        using var home = new TempHome();
        var file = fileOf(home);
        var folder = Path.GetDirectoryName(file)!;
        File.WriteAllText(file, original);
        var bytes = File.ReadAllBytes(file);

        // How long one run takes on this machine now: kills are spread over that span (most writes happen near its end).
        var spans = new List<TimeSpan>();
        for (var warm = 0; warm < 3; warm++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal(0, await RunToEndAsync(home, "switch", "on", flag));
            spans.Add(clock.Elapsed);
            Assert.Equal(0, await RunToEndAsync(home, "switch", "off", flag));
            Assert.Equal(bytes, File.ReadAllBytes(file));
        }

        var span = spans.Order().ElementAt(1);

        var random = new Random(Runs * 7919 + name.Length);
        int killed = 0, finished = 0, concurrent = 0;
        for (var i = 0; i < Runs; i++)
        {
            var verb = random.Next(2) == 0 ? "on" : "off";
            var delay = span * (0.5 + random.NextDouble() * 0.6);
            var startedAt = DateTime.Now;
            var first = Start(home, "switch", verb, flag);
            using var second = random.Next(4) == 0 ? Start(home, "switch", verb == "on" ? "off" : "on", flag) : null;
            concurrent += second is null ? 0 : 1;
            await Task.Delay(delay);
            if (Kill(first))
            {
                killed++;
            }
            else
            {
                finished++;
            }

            await first.WaitForExitAsync();
            if (first.ExitCode == 0 && first.ExitTime - startedAt is var took && took < span * 2)
            {
                // The machine is shared and its speed drifts: follow the length of the runs that finished.
                span = (span * 3 + took) / 4;
            }

            first.Dispose();
            if (second is not null)
            {
                await second.WaitForExitAsync();
            }

            // Every few runs, and at the end: a clean switch off must bring the folder back exactly.
            if (i % 5 == 4 || i == Runs - 1)
            {
                Assert.Equal(0, await RunToEndAsync(home, "switch", "off", flag));
                Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(file)), $"run {i}: {name} differs:\n{File.ReadAllText(file)}");
                Assert.Equal(name, string.Join(" ", Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)));
            }
        }

        output.WriteLine($"{name}: {Runs} runs ({concurrent} with a second process), {killed} killed mid-run, {finished} finished before the kill; run length {span.TotalMilliseconds:0} ms");
    }

    private static async Task<int> RunToEndAsync(TempHome home, params string[] args)
    {
        using var process = Start(home, args);
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static bool Kill(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return false;
            }

            process.Kill(); // SIGKILL on Unix: no handler, no finally
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static Process Start(TempHome home, params string[] args)
    {
        // CODEX_HELPER_CHAOS_BINARY runs another build (e.g. an older one, to see what the suite catches).
        var apphost = Environment.GetEnvironmentVariable("CODEX_HELPER_CHAOS_BINARY") is { Length: > 0 } other
            ? other
            : Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "codex-helper.exe" : "codex-helper");
        var psi = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "codex-helper.dll") } };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.UseShellExecute = false;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        foreach (var (k, v) in home.Env)
        {
            psi.Environment[k] = v;
        }

        var process = Process.Start(psi)!;
        // Drain the pipes so a chatty run never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

using System.Diagnostics;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Clients;

/// <summary>Two real codex-helper processes switching at once: the lock keeps the backup and file consistent.</summary>
public sealed class SwitchAcrossProcessesTests
{
    [Fact]
    public async Task Two_processes_switching_on_at_once_leave_one_true_backup()
    {
        using var home = new TempHome();
        File.WriteAllText(home.Paths.CodexConfigToml, SampleFiles.RealisticConfigToml);
        var original = File.ReadAllBytes(home.Paths.CodexConfigToml);

        var runs = await Task.WhenAll(Run(home, "switch", "on"), Run(home, "switch", "on"));
        Assert.All(runs, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(original, File.ReadAllBytes(home.Paths.CodexConfigToml + ".codex-helper-backup"));

        var off = await Run(home, "switch", "off");
        Assert.Equal(0, off.ExitCode);
        Assert.Equal(original, File.ReadAllBytes(home.Paths.CodexConfigToml));
    }

    private static async Task<CliRun> Run(TempHome home, params string[] args)
    {
        var start = HelperProcess.StartInfo(home, args);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}

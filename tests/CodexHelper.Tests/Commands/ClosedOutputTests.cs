using System.Diagnostics;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Reports.UsageLogFixture;

namespace CodexHelper.Tests.Commands;

/// <summary>`codex-helper … | head`: the reader going away ends the process quietly, as it ends cat or git.</summary>
public sealed class ClosedOutputTests
{
    [Fact]
    public async Task A_reader_that_stops_reading_ends_the_process_quietly_with_141()
    {
        using var home = new TempHome();
        // Far more than a pipe holds (64 KiB on Linux), so the writer is still writing when the reader closes.
        Write(home.Paths.RequestLog, Enumerable.Range(0, 4000).Select(i => Line(Day1 + i, model: "model-" + i)).ToArray());

        var start = HelperProcess.StartInfo(home, "usage", "tail", "--raw", "--limit", "4000");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var first = await process.StandardOutput.ReadLineAsync();
        process.StandardOutput.Close(); // what `| head -1` does after its line
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Contains("model-", first);
        Assert.Equal("", await stderr);
        Assert.Equal(141, process.ExitCode);
    }
}

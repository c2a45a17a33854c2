namespace StreamingBench;

/// <summary>Resident memory of a process from /proc/PID/status, in MiB.</summary>
internal static class ProcStatus
{
    public static double RssMiB(int pid) => Read(pid, "VmRSS:");

    public static double PeakRssMiB(int pid) => Read(pid, "VmHWM:");

    /// <summary>Resets VmHWM to the current RSS (Linux: "5" into clear_refs), so a phase's peak is its own.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double Read(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var kb = long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        throw new BenchException($"no {key} in /proc/{pid}/status");
    }
}

/// <summary>Samples RSS every 50 ms in the background and keeps the maximum.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RssSampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(LoopAsync);
    }

    public double MaxMiB { get; private set; }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            do
            {
                MaxMiB = Math.Max(MaxMiB, ProcStatus.RssMiB(_pid));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

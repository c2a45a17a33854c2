using System.Diagnostics;

namespace CodexHelper.Diagnostics;

/// <summary>Finds an executable on PATH and asks it for <c>--version</c>, bounded by a timeout.</summary>
internal static class CliVersionProbe
{
    public static string? FindOnPath(string name, Func<string, string?> getEnv)
    {
        foreach (var candidate in PathSearch.Candidates(name, getEnv("PATH"), getEnv("PATHEXT"), OperatingSystem.IsWindows()))
        {
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || IsExecutable(candidate)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The first non-empty output line of <c>exe --version</c>, or an error description.</summary>
    public static async Task<(bool Ok, string Text)> VersionAsync(string exe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (file, args) = PathSearch.Launch(exe, ["--version"], OperatingSystem.IsWindows());
        var start = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
            process.StandardInput.Close();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (false, $"cannot run: {ex.Message}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            var text = (await stdout).Trim();
            if (text.Length == 0)
            {
                text = (await stderr).Trim();
            }

            var first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            return process.ExitCode == 0 ? (true, first) : (false, $"--version exited with {process.ExitCode}: {first}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            return (false, $"--version did not answer within {timeout.TotalSeconds:0} s");
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool IsExecutable(string file) =>
        (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}

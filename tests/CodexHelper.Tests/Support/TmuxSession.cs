using System.Diagnostics;

namespace CodexHelper.Tests.Support;

/// <summary>
/// A real terminal for full-screen commands: a detached tmux session on a private server socket (so it never
/// touches the user's tmux), driven with send-keys and read with capture-pane.
/// </summary>
internal sealed class TmuxSession : IAsyncDisposable
{
    private readonly string _socket = "codex-helper-test-" + Guid.NewGuid().ToString("N")[..12];

    private TmuxSession()
    {
    }

    /// <summary>Starts <paramref name="script"/> (a shell script's text) in a <paramref name="width"/>×<paramref name="height"/> pane.</summary>
    public static async Task<TmuxSession> StartAsync(string script, string directory, int width = 150, int height = 45)
    {
        SystemTool.Require("tmux", "tmux");
        var file = Path.Combine(directory, "tmux-run.sh");
        await File.WriteAllTextAsync(file, script);
        var session = new TmuxSession();
        await session.RunAsync("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), "sh " + file);
        return session;
    }

    public Task<string> CaptureAsync() => RunAsync("capture-pane", "-p", "-t", "t");

    public Task SendKeysAsync(params string[] keys) => RunAsync(["send-keys", "-t", "t", .. keys]);

    /// <summary>Polls the screen until <paramref name="condition"/> holds; the last screen goes into the failure message.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> condition, string what, int timeoutSeconds = 45)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var screen = await CaptureAsync();
            if (condition(screen))
            {
                return screen;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"waited for {what}; the terminal shows:\n{screen}");
            }

            await Task.Delay(150);
        }
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("TMUX");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start tmux (install it: apt-get install tmux; .ci/run does)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {await error}");
        }

        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
        }
    }
}

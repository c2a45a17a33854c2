using System.CommandLine;
using System.Diagnostics;

namespace CodexHelper.Commands;

/// <summary><c>dashboard [--codex|--claude] [--print]</c>: opens the running proxy's dashboard in the default browser.</summary>
internal static class DashboardCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("dashboard", "Open the live dashboard of the running proxy in the browser (prints the URL when there is no browser, e.g. over SSH)");
        var flags = new ServiceFlags();
        flags.AddTo(command);
        var print = new Option<bool>("--print") { Description = "Only print the URL" };
        command.Options.Add(print);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var kind = flags.Resolve(r, ctx);
            var port = await ProxyLocator.RunningPortAsync(ctx, kind, ct);
            var url = $"http://127.0.0.1:{port}/__codex_helper/ui";
            ctx.Out.WriteLine(url);
            if (r.GetValue(print))
            {
                return 0;
            }

            if (!TryOpen(url, ctx.GetEnv))
            {
                ctx.Out.WriteLine(ctx.GetEnv("SSH_CONNECTION") is { Length: > 0 }
                    ? $"no browser here: on your own machine run `ssh -L {port}:127.0.0.1:{port} <this host>` and open the URL there (or use `codex-helper top`)"
                    : "no browser found: open the URL above yourself (or use `codex-helper top`)");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Hands the URL to the desktop's opener; false when there is no desktop (SSH, a container) or no opener.</summary>
    private static bool TryOpen(string url, Func<string, string?> getEnv)
    {
        string file;
        string[] args;
        if (OperatingSystem.IsWindows())
        {
            file = "cmd";
            args = ["/c", "start", "", url];
        }
        else if (OperatingSystem.IsMacOS())
        {
            file = "open";
            args = [url];
        }
        else
        {
            if (getEnv("DISPLAY") is not { Length: > 0 } && getEnv("WAYLAND_DISPLAY") is not { Length: > 0 })
            {
                return false;
            }

            file = getEnv("BROWSER") is { Length: > 0 } browser ? browser : "xdg-open";
            args = [url];
        }

        try
        {
            var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start);
            return process is not null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}

using Spectre.Console;

namespace CodexHelper.Dashboard;

/// <summary>
/// The terminal side of <c>top</c>: the alternate screen, Spectre.Console's live rendering of <see cref="TopView"/>,
/// the keyboard (q / Esc quit) and the event stream feeding the model. The terminal is restored on every way out.
/// </summary>
internal static class TopScreen
{
    private static readonly TimeSpan TodayRefresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SnapshotWait = TimeSpan.FromSeconds(10);
    private const int SnapshotHeight = 40;

    /// <summary>Returns 0 when the user quit, 1 when the proxy went away.</summary>
    public static async Task<int> RunAsync(DashboardClient client, string service, CancellationToken stop)
    {
        var model = new TopModel(service);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out), Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes });
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var changed = new SemaphoreSlim(0);
        StartKeyReader(quit);
        var events = FeedAsync(client, model, changed, quit.Token);
        var today = TodayAsync(client, model, changed, quit.Token);

        Console.Out.Write("\e[?1049h\e[?25l\e[H\e[2J");
        Console.Out.Flush();
        try
        {
            await console.Live(Frame(model)).AutoClear(false).Overflow(VerticalOverflow.Crop).Cropping(VerticalOverflowCropping.Bottom)
                .StartAsync(async live =>
                {
                    while (!quit.IsCancellationRequested && !events.IsCompleted)
                    {
                        live.UpdateTarget(Frame(model));
                        live.Refresh();
                        // Redraw on news, and once a second for countdowns and the clock.
                        await ((Task)changed.WaitAsync(TimeSpan.FromSeconds(1), quit.Token)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }
                });
        }
        finally
        {
            Console.Out.Write("\e[?25h\e[?1049l");
            Console.Out.Flush();
        }

        await quit.CancelAsync();
        var proxyGone = !stop.IsCancellationRequested && await events;
        await today;
        return proxyGone ? 1 : 0;
    }

    /// <summary>
    /// Without a terminal (output to a file or pipe, input from /dev/null) the live screen would write escape codes
    /// into the file and wait for a q that never comes: print one plain-text frame once the proxy's state and
    /// today's totals are read, and return. 0 printed, 1 the proxy went away first.
    /// </summary>
    public static async Task<int> SnapshotAsync(DashboardClient client, string service, TextWriter output, int width, CancellationToken stop)
    {
        var model = new TopModel(service);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stop);
        bounded.CancelAfter(SnapshotWait);
        var sawState = false;
        try
        {
            await foreach (var (name, data) in client.EventsAsync(bounded.Token))
            {
                model.Apply(name, data, DateTimeOffset.UtcNow);
                if (name == "state")
                {
                    sawState = true;
                    break;
                }
            }

            model.Today = await client.TodayAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // A proxy too busy to answer in time: print what arrived, the header says "waiting for the proxy…".
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return 1;
        }

        if (stop.IsCancellationRequested)
        {
            return 0; // Ctrl+C while waiting: the user's way out, as q is on the live screen
        }

        if (!sawState && !bounded.IsCancellationRequested)
        {
            return 1;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(TopView.Render(model, DateTimeOffset.Now, width, SnapshotHeight, live: false));
        output.Flush();
        return 0;
    }

    private static Spectre.Console.Rendering.IRenderable Frame(TopModel model)
    {
        lock (model)
        {
            return TopView.Render(model, DateTimeOffset.Now, Console.WindowWidth, Console.WindowHeight);
        }
    }

    /// <summary>True when the stream ended by itself (the proxy stopped), false when we stopped reading.</summary>
    private static async Task<bool> FeedAsync(DashboardClient client, TopModel model, SemaphoreSlim changed, CancellationToken ct)
    {
        try
        {
            await foreach (var (name, data) in client.EventsAsync(ct))
            {
                bool visible;
                lock (model)
                {
                    visible = model.Apply(name, data, DateTimeOffset.UtcNow);
                }

                if (visible)
                {
                    changed.Release();
                }
            }

            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return !ct.IsCancellationRequested;
        }
    }

    /// <summary>Reads today's totals at start and every <see cref="TodayRefresh"/> (request events add to them between reads); a failed read is retried then.</summary>
    private static async Task TodayAsync(DashboardClient client, TopModel model, SemaphoreSlim changed, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var report = await client.TodayAsync(ct);
                    lock (model)
                    {
                        model.Today = report;
                    }

                    changed.Release();
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or System.Text.Json.JsonException)
                {
                    // Totals stay as they were until the next read (a proxy busy restarting); the feed keeps running.
                }

                await Task.Delay(TodayRefresh, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Console.ReadKey blocks, so it gets a thread of its own; it is a background thread and dies with the process.</summary>
    private static void StartKeyReader(CancellationTokenSource quit)
    {
        if (Console.IsInputRedirected)
        {
            return;
        }

        var thread = new Thread(() =>
        {
            while (!quit.IsCancellationRequested)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.KeyChar is 'q' or 'Q' || key.Key == ConsoleKey.Escape)
                {
                    quit.Cancel();
                    return;
                }
            }
        })
        { IsBackground = true, Name = "top keys" };
        thread.Start();
    }
}

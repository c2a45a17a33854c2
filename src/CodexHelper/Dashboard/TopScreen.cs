using Spectre.Console;

namespace CodexHelper.Dashboard;

/// <summary>
/// The terminal side of <c>top</c>: the alternate screen, Spectre.Console's live rendering of <see cref="TopView"/>,
/// the keyboard (q / Esc quit) and the event stream feeding the model. The terminal is restored on every way out.
/// </summary>
internal static class TopScreen
{
    private static readonly TimeSpan TodayRefresh = TimeSpan.FromSeconds(30);

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

using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using System.Text;
using CodexHelper.Proxy.LocalAnswers;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Dashboard;

/// <summary>
/// The dashboard's paths under <c>/__codex_helper/</c>: the page and its files (<c>ui</c>), the event stream
/// (<c>events</c>, Server-Sent Events) and the JSON API (<c>api/state</c>, <c>api/today</c>,
/// <c>api/requests/{id}</c>, <c>POST api/action</c>). Every one goes through <see cref="DashboardGuard"/> first.
/// </summary>
internal sealed class DashboardEndpoint(DashboardService dashboard)
{
    private const string Prefix = StatusEndpoint.InternalPrefix + "/";
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>Events that arrive together leave together: one write and flush per viewer at most this often.</summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);
    private static readonly byte[] Ping = ": ping\n\n"u8.ToArray();

    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = path[Prefix.Length..];
        var get = HttpMethods.IsGet(context.Request.Method);
        if (get && rest is "ui" or "ui/")
        {
            await PageAsync(context);
            return true;
        }

        if (get && rest.StartsWith("ui/", StringComparison.Ordinal) && DashboardAssets.Find(rest[3..]) is { } file)
        {
            await AssetAsync(context, file);
            return true;
        }

        return await TryTokenPathAsync(context, rest, get);
    }

    /// <summary>The event stream and the JSON API: each needs the page's token (<see cref="RefusedAsync"/>).</summary>
    private async Task<bool> TryTokenPathAsync(HttpContext context, string rest, bool get)
    {
        Func<Task>? handle = rest switch
        {
            "events" when get => () => EventsAsync(context),
            "api/state" when get => async () =>
                await JsonAsync(context, await dashboard.StateAsync(context.RequestAborted), DashboardJsonContext.Default.DashboardState),
            "api/today" when get => async () => await JsonAsync(context, await dashboard.TodayAsync(), DashboardJsonContext.Default.TodayReport),
            "api/action" when HttpMethods.IsPost(context.Request.Method) => () => ActionAsync(context),
            _ when get && rest.StartsWith("api/requests/", StringComparison.Ordinal) => () => InspectAsync(context, rest["api/requests/".Length..]),
            _ => null,
        };
        if (handle is null)
        {
            return false;
        }

        if (!await RefusedAsync(context))
        {
            await handle();
        }

        return true;
    }

    /// <summary>One of the page's files (script, style): the page's own checks, no token (the page is what brings it).</summary>
    private async Task AssetAsync(HttpContext context, (byte[] Bytes, string ContentType) file)
    {
        if (dashboard.Guard.Refusal(context, needsToken: false) is { } why)
        {
            await RefuseAsync(context, why);
            return;
        }

        SecurityHeaders(context.Response);
        context.Response.ContentType = file.ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(file.Bytes, context.RequestAborted);
    }

    private async Task PageAsync(HttpContext context)
    {
        if (dashboard.Guard.Refusal(context, needsToken: false) is { } why)
        {
            await RefuseAsync(context, why);
            return;
        }

        var page = DashboardAssets.Page(dashboard.Guard.Token, dashboard.Kind == Configuration.ServiceKind.Codex ? "codex" : "claude");
        SecurityHeaders(context.Response);
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(page, context.RequestAborted);
    }

    /// <summary>
    /// One viewer: the current state first, then events as they happen. The hub drops events this viewer has no
    /// room for and the viewer is told how many before the next one.
    /// </summary>
    private async Task EventsAsync(HttpContext context)
    {
        var response = context.Response;
        var gone = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var viewer = dashboard.Hub.Join();
        try
        {
            var state = await dashboard.StateAsync(gone);
            await response.Body.WriteAsync(DashboardHub.Frame("state", state, DashboardJsonContext.Default.DashboardState), gone);
            await response.Body.FlushAsync(gone);
            var frames = viewer.Frames;
            while (!gone.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(gone);
                wait.CancelAfter(Heartbeat);
                bool more;
                try
                {
                    more = await frames.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!gone.IsCancellationRequested)
                {
                    await response.Body.WriteAsync(Ping, gone);
                    await response.Body.FlushAsync(gone);
                    continue;
                }

                if (!more)
                {
                    return;
                }

                // Under load this turns thousands of small writes a second into twenty; a person sees no delay.
                await Task.Delay(Coalesce, gone);

                if (viewer.TakeDropped() is > 0 and var dropped)
                {
                    await response.Body.WriteAsync(DashboardHub.Frame("dropped", new DroppedEvent { Dropped = dropped }, DashboardJsonContext.Default.DroppedEvent), gone);
                }

                while (frames.TryRead(out var frame))
                {
                    await response.Body.WriteAsync(frame, gone);
                }

                await response.Body.FlushAsync(gone);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The viewer went away.
        }
        finally
        {
            dashboard.Hub.Leave(viewer);
        }
    }

    private async Task InspectAsync(HttpContext context, string idText)
    {
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || dashboard.Feed.Inspect(id) is not { } inspection)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await JsonAsync(context, new ActionResult { Message = "no such request in memory (only the last few hundred are kept)" }, DashboardJsonContext.Default.ActionResult);
            return;
        }

        await JsonAsync(context, inspection, DashboardJsonContext.Default.RequestInspection);
    }

    private async Task ActionAsync(HttpContext context)
    {
        DashboardAction? action;
        try
        {
            action = await JsonSerializer.DeserializeAsync(context.Request.Body, DashboardJsonContext.Default.DashboardAction, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await JsonAsync(context, new ActionResult { Message = "the action is not valid JSON: " + ex.Message }, DashboardJsonContext.Default.ActionResult);
            return;
        }

        var result = action is null ? new ActionResult { Message = "empty action" } : dashboard.Actions.Run(action);
        if (!result.Ok)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await JsonAsync(context, result, DashboardJsonContext.Default.ActionResult);
    }

    private async Task<bool> RefusedAsync(HttpContext context)
    {
        if (dashboard.Guard.Refusal(context, needsToken: true) is not { } why)
        {
            return false;
        }

        await RefuseAsync(context, why);
        return true;
    }

    private static async Task RefuseAsync(HttpContext context, string why)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("codex-helper: " + why + "\n"), context.RequestAborted);
    }

    private static async Task JsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    /// <summary>No framing by other sites (clickjacking the buttons), no inline script, nothing loaded from elsewhere.</summary>
    private static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}

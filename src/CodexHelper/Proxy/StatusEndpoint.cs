using System.Net;
using System.Text.Json;
using CodexHelper.Configuration;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

/// <summary>
/// <c>GET /__codex_helper/status</c>: why traffic goes where it goes. Loopback clients only (in gateway mode: an
/// admin token, from anywhere); nothing under <c>/__codex_helper/</c> (nor <c>/metrics</c>) is ever forwarded upstream.
/// </summary>
internal static class StatusEndpoint
{
    /// <summary>Paths under this prefix are the proxy's own and never forwarded.</summary>
    public const string InternalPrefix = "/__codex_helper";

    /// <summary>Who may read status and metrics: loopback clients locally, admin tokens on a gateway.</summary>
    public static bool Allowed(HttpContext context, ProxyRuntime runtime) =>
        runtime.Gateway is { } gateway ? gateway.IsAdmin(context.Request) : IsLoopback(context);

    public static async Task HandleAsync(HttpContext context, ProxyRuntime runtime)
    {
        if (!Allowed(context, runtime))
        {
            var refused = runtime.Gateway is null ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            await ErrorResponses.WriteAsync(context.Response, refused,
                runtime.Gateway is null ? "codex-helper: loopback clients only" : "codex-helper gateway: this endpoint needs an admin token", null, context.RequestAborted);
            return;
        }

        if (MetricsEndpoint.IsScrape(context))
        {
            // Allowed scrapes are answered by the exporter before the proxy sees them; this one raced a shutdown.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var path = context.Request.Path.Value ?? "";
        if (!path.Equals(InternalPrefix + "/status", StringComparison.OrdinalIgnoreCase) || !HttpMethods.IsGet(context.Request.Method))
        {
            await ErrorResponses.WriteAsync(context.Response, StatusCodes.Status404NotFound, "codex-helper: unknown internal endpoint (try GET /__codex_helper/status)", null, context.RequestAborted);
            return;
        }

        var status = Snapshot(runtime);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, status, ProxyStatusJsonContext.Default.ProxyStatus, context.RequestAborted);
    }

    internal static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);

    public static ProxyStatus Snapshot(ProxyRuntime runtime) => new()
    {
        Service = runtime.Kind.Name(),
        Port = runtime.Port,
        Pid = Environment.ProcessId,
        Version = typeof(StatusEndpoint).Assembly.GetName().Version?.ToString(3) ?? "",
        ActiveConfig = runtime.Configs.Current.ConfigName,
        Upstreams = runtime.Router.Snapshot(),
        Totals = runtime.Counters.Snapshot(),
        UptimeS = Math.Round((runtime.Clock.GetUtcNow() - runtime.StartedAt).TotalSeconds, 1),
        Capture = runtime.Observer?.Capture,
    };
}

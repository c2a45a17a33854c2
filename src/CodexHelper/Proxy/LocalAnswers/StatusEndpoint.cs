using System.Net;
using System.Text.Json;
using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.Reporting;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.LocalAnswers;

/// <summary>
/// <c>GET /__codex_helper/status</c>: why traffic goes where it goes. Loopback clients only (in gateway mode: an
/// admin token, from anywhere); nothing under <c>/__codex_helper/</c> (nor <c>/metrics</c>) is ever forwarded upstream.
/// </summary>
internal sealed class StatusEndpoint(ProxyStatusSource status, Gateway.GatewayGuard? gateway, IProxyObserver? observer)
{
    /// <summary>Paths under this prefix are the proxy's own and never forwarded.</summary>
    public const string InternalPrefix = "/__codex_helper";

    /// <summary>Who may read status and metrics: loopback clients locally, admin tokens on a gateway.</summary>
    public bool Allowed(HttpContext context) =>
        gateway is { } g ? g.IsAdmin(context.Request) : IsLoopback(context);

    public async Task HandleAsync(HttpContext context)
    {
        if (!Allowed(context))
        {
            var refused = gateway is null ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            await ErrorResponses.WriteAsync(context.Response, refused,
                gateway is null ? "codex-helper: loopback clients only" : "codex-helper gateway: this endpoint needs an admin token", null, context.RequestAborted);
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

        var snapshot = status.Snapshot(observer?.Capture);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, snapshot, ProxyStatusJsonContext.Default.ProxyStatus, context.RequestAborted);
    }

    internal static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
}

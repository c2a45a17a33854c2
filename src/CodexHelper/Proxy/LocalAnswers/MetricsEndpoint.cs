using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.LocalAnswers;

/// <summary>
/// <c>GET /metrics</c>: Prometheus text rendered by OpenTelemetry's exporter (wired in <see cref="ProxyServer"/>).
/// Like the status endpoint it is never forwarded, loopback-only locally and admin-only in gateway mode.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static bool IsScrape(HttpContext context) =>
        context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase);
}

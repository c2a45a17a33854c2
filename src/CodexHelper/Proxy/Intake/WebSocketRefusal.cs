using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// Codex 0.169 opens a Responses WebSocket first for providers that support it (the built-in openai provider does)
/// and, on a 404 or 5xx, retries six more times over ~7 s before falling back to HTTP — on every start. A 426
/// Upgrade Required makes it fall back after the first try (measured: 0.5 s against 7 s), so the proxy answers every
/// WebSocket upgrade itself with 426 and never forwards it: the streams it relays, logs and fails over are HTTP.
/// Not logged: it is the client probing, not a request.
/// </summary>
internal static class WebSocketRefusal
{
    public static bool IsUpgrade(HttpRequest request) =>
        request.Headers.Upgrade.Any(v => v is not null && v.Contains("websocket", StringComparison.OrdinalIgnoreCase));

    public static Task RefuseAsync(HttpContext context) =>
        ErrorResponses.WriteAsync(context.Response, StatusCodes.Status426UpgradeRequired,
            "codex-helper: WebSockets are not proxied; use HTTP (Codex falls back by itself)", null, context.RequestAborted);
}

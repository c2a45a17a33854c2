using CodexHelper.Configuration;
using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Translation;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Relay;

/// <summary>
/// Keepalives while the commit point holds an answer for its first event. Nothing of the upstream's answer may reach
/// the client yet (it may still fail over), but the client's response can begin: 200, an event stream, and SSE
/// comments only (an Anthropic <c>ping</c> may not precede <c>message_start</c>; a comment is valid anywhere). The next
/// upstream's events then follow the comments; a failure once begun ends in-stream (<see cref="KeptAliveEnd"/>). The
/// head carries the upstream's headers of the attempt under way, the one most likely to serve.
/// </summary>
internal sealed class HoldKeepalive(ClientKeepalive sender, TimeSpan interval, HttpContext context, RequestRecord record)
{
    /// <summary>The client's silence counts from the hold's start or the last keepalive: held bytes do not reach it.</summary>
    private long _lastSent = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>How long until the next keepalive is due (zero or less: now).</summary>
    public TimeSpan Due => interval - System.Diagnostics.Stopwatch.GetElapsedTime(_lastSent);

    public static HoldKeepalive? For(RequestTimeouts timeouts, HttpContext context, RequestRecord record) =>
        ClientKeepalive.For(timeouts, record) is { } sender && timeouts.Keepalive is { } every ? new(sender, every, context, record) : null;

    /// <summary>Begins the client's response if it has not, then one SSE comment.</summary>
    public async Task SendAsync(HttpResponseMessage upstream, IResponseTranslator? translator, CancellationToken clientGone)
    {
        var response = context.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            HeaderPolicy.CopyResponseHeaders(upstream, response);
            response.ContentLength = null;
            response.ContentType = translator?.ClientContentType ?? "text/event-stream";
            await response.StartAsync(clientGone);
            record.FirstByteSent();
        }

        _lastSent = System.Diagnostics.Stopwatch.GetTimestamp();
        await sender.SendAsync(response.BodyWriter, begun: false, clientGone);
    }
}

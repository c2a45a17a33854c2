using CodexHelper.Configuration;
using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Translation;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Relay;

/// <summary>
/// Keepalives while no upstream's answer may reach the client yet: an attempt of a streaming turn waiting for its
/// response headers (<see cref="WhileAsync"/>), and the commit point holding an answer for its first event. It may
/// still fail over, but the client's response can begin: 200, an event stream, and SSE
/// comments only (an Anthropic <c>ping</c> may not precede <c>message_start</c>; a comment is valid anywhere). The next
/// upstream's events then follow the comments; a failure once begun ends in-stream (<see cref="KeptAliveEnd"/>). The
/// head carries the upstream's headers of the attempt under way, the one most likely to serve.
/// </summary>
internal sealed class HoldKeepalive(ClientKeepalive sender, TimeSpan interval, HttpContext context, RequestRecord record)
{
    /// <summary>The client's silence counts from the first send (or the hold's start) or the last keepalive: held bytes do not reach it.</summary>
    private long _lastSent = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>How long until the next keepalive is due (zero or less: now).</summary>
    public TimeSpan Due => interval - System.Diagnostics.Stopwatch.GetElapsedTime(_lastSent);

    public static HoldKeepalive? For(RequestTimeouts timeouts, HttpContext context, RequestRecord record) =>
        ClientKeepalive.For(timeouts, record) is { } sender && timeouts.Keepalive is { } every ? new(sender, every, context, record) : null;

    /// <summary>
    /// <paramref name="pending"/>'s result; while it waits (an upstream that has not sent its response headers yet),
    /// keepalives go out as during the hold. The client leaving ends the wait through <paramref name="pending"/>'s own cancellation.
    /// </summary>
    public async Task<T> WhileAsync<T>(Task<T> pending, IResponseTranslator? translator, CancellationToken clientGone)
    {
        while (true)
        {
            var due = Due;
            if (due > TimeSpan.Zero && await Task.WhenAny(pending, Task.Delay(due, CancellationToken.None)) == pending)
            {
                return await pending;
            }

            if (pending.IsCompleted)
            {
                return await pending;
            }

            try
            {
                await SendAsync(null, translator, clientGone);
            }
            catch (Exception ex) when (clientGone.IsCancellationRequested && ex is OperationCanceledException or IOException or InvalidOperationException)
            {
                return await pending;
            }
        }
    }

    /// <summary>Begins the client's response if it has not (with the upstream's headers when it sent them), then one SSE comment.</summary>
    public async Task SendAsync(HttpResponseMessage? upstream, IResponseTranslator? translator, CancellationToken clientGone)
    {
        var response = context.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            if (upstream is not null)
            {
                HeaderPolicy.CopyResponseHeaders(upstream, response);
            }

            response.ContentLength = null;
            response.ContentType = translator?.ClientContentType ?? "text/event-stream";
            await response.StartAsync(clientGone);
            record.FirstByteSent();
        }

        _lastSent = System.Diagnostics.Stopwatch.GetTimestamp();
        await sender.SendAsync(response.BodyWriter, begun: false, clientGone);
    }
}

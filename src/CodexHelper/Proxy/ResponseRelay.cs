using CodexHelper.Configuration;
using CodexHelper.Routing;
using CodexHelper.Usage;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

internal readonly record struct RelayResult(RelayEnd End, TokenUsage? Usage, string? Error);

/// <summary>
/// Streams an upstream response to the client as it arrives. Upstream bytes are read straight into
/// Kestrel's output pipe (no intermediate copy) and flushed per read, so every SSE event leaves as soon
/// as it came in; the usage scanner reads the same bytes in place. Memory per request is one pipe segment.
/// </summary>
internal static class ResponseRelay
{
    private const int ReadSize = 16 * 1024;

    public static async Task<RelayResult> CopyAsync(HttpContext context, HttpResponseMessage upstream, RoutingOptions routing, RequestRecord record)
    {
        var response = context.Response;
        var clientGone = context.RequestAborted;
        response.StatusCode = (int)upstream.StatusCode;
        HeaderPolicy.CopyResponseHeaders(upstream, response);
        // The raw value: parsing it into a MediaTypeHeaderValue only to print it again costs time on every request.
        var contentType = upstream.Content.Headers.NonValidated.TryGetValues("Content-Type", out var type) ? type.ToString() : null;
        var isEventStream = contentType is not null && contentType.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        var scanner = UsageScanner.Create(contentType);
        var idle = TimeSpan.FromSeconds(routing.IdleTimeoutSecs);

        using var idleCts = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        var writer = response.BodyWriter;
        try
        {
            if (isEventStream)
            {
                // Clients see the response start at once, as they would talking to the upstream directly.
                await response.StartAsync(clientGone);
                record.FirstByteSent();
            }

            await using var body = await upstream.Content.ReadAsStreamAsync(clientGone);
            while (true)
            {
                idleCts.CancelAfter(idle);
                var memory = writer.GetMemory(ReadSize);
                var read = await body.ReadAsync(memory, idleCts.Token);
                if (read == 0)
                {
                    break;
                }

                scanner.Feed(memory.Span[..read]);
                writer.Advance(read);
                var flush = await writer.FlushAsync(clientGone);
                record.FirstByteSent();
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return new RelayResult(RelayEnd.ClientLeft, scanner.Finish(), null);
                }
            }

            return new RelayResult(RelayEnd.Completed, scanner.Finish(), null);
        }
        catch (OperationCanceledException) when (clientGone.IsCancellationRequested)
        {
            return new RelayResult(RelayEnd.ClientLeft, scanner.Finish(), null);
        }
        catch (OperationCanceledException)
        {
            return Cut(context, scanner, $"upstream sent nothing for {routing.IdleTimeoutSecs:0.#} s (idle timeout)");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            if (clientGone.IsCancellationRequested)
            {
                return new RelayResult(RelayEnd.ClientLeft, scanner.Finish(), null);
            }

            return Cut(context, scanner, "upstream stream broke off: " + (ex.InnerException?.Message ?? ex.Message));
        }
    }

    /// <summary>
    /// When the client already has part of the answer the failure cannot be replayed elsewhere: end the
    /// client's connection abruptly (no terminating chunk) so it knows the turn failed instead of taking a
    /// truncated stream for a complete one. When it has nothing yet, the caller may still try another upstream.
    /// </summary>
    private static RelayResult Cut(HttpContext context, UsageScanner scanner, string error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
        }

        return new RelayResult(RelayEnd.UpstreamBroke, scanner.Finish(), error);
    }
}

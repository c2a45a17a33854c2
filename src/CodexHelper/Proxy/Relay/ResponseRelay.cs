using System.Buffers;
using CodexHelper.Configuration;
using CodexHelper.Conversations;
using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Routing;
using CodexHelper.Translation;
using CodexHelper.TokenCounts;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Relay;

/// <summary>
/// Streams an upstream response to the client as it arrives. Upstream bytes are read straight into
/// Kestrel's output pipe (no intermediate copy) and flushed per read, so every SSE event leaves as soon
/// as it came in; the usage scanner reads the same bytes in place. Memory per request is one pipe segment.
/// An event stream with keepalives on (<see cref="ClientKeepalive"/>) is read into a pooled buffer instead and
/// copied: a keepalive is written while a read is pending, which may not own the pipe's memory then.
/// </summary>
internal static class ResponseRelay
{
    private const int ReadSize = 16 * 1024;

    /// <param name="held">The upstream's stream with what the commit point already read in front, when it held the answer.</param>
    /// <param name="translator">Step 4's response hook: null relays the bytes as they are; else the upstream's bytes
    /// (which the usage scanner still reads) go through it into the client's protocol.</param>
    /// <param name="minted">Reads the upstream's bytes for the reasoning state it mints, beside the usage scanner; null: not looked for.</param>
    public static async Task<RelayResult> CopyAsync(HttpContext context, HttpResponseMessage upstream, RequestTimeouts timeouts, RequestRecord record, Stream? held = null, IResponseTranslator? translator = null, MintedStateScanner? minted = null)
    {
        var response = context.Response;
        var clientGone = context.RequestAborted;
        var contentType = CopyHead(upstream, response, translator);
        var isEventStream = contentType is not null && contentType.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        if (translator is not null && (!isEventStream || response.StatusCode >= 400))
        {
            return await TranslatedRelay.WholeBodyAsync(context, upstream, translator, record, held, UsageScanner.Create(contentType), minted);
        }

        return await StreamAsync(context, upstream, timeouts, record, held, translator, contentType, isEventStream, minted);
    }

    /// <summary>The relay loop: read, let the readers see the bytes, hand them on (as they are, or through the hook), flush.</summary>
    private static async Task<RelayResult> StreamAsync(HttpContext context, HttpResponseMessage upstream, RequestTimeouts timeouts, RequestRecord record, Stream? held, IResponseTranslator? translator, string? contentType, bool isEventStream, MintedStateScanner? minted)
    {
        var clientGone = context.RequestAborted;
        var scanner = UsageScanner.Create(contentType);
        using var idleCts = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        var boundary = new SseBoundary();
        var writer = context.Response.BodyWriter;
        var keepalive = isEventStream ? ClientKeepalive.For(timeouts, record) : null;
        // A keepalive is written while a read is pending, so that read cannot own the writer's memory: it goes aside.
        var scratch = translator is null && keepalive is null ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(ReadSize);
        var relayed = 0L;
        var begun = false;
        try
        {
            await StartEventStreamAsync(context.Response, record, isEventStream, clientGone);
            await using var body = held ?? await upstream.Content.ReadAsStreamAsync(clientGone);
            while (true)
            {
                idleCts.CancelAfter(timeouts.Idle);
                var memory = scratch ?? writer.GetMemory(ReadSize);
                var pending = body.ReadAsync(memory, idleCts.Token);
                var read = keepalive is null ? await pending : await keepalive.ReadAsync(pending, writer, translator is not null || relayed == 0 || boundary.AtEventEnd, begun, clientGone);
                if (read == 0)
                {
                    translator?.Finish(writer);
                    await writer.FlushAsync(clientGone);
                    break;
                }

                relayed += read;
                Observe(memory.Span[..read], scanner, ref boundary, record);
                minted?.Feed(memory.Span[..read]);
                begun |= Deliver(memory.Span[..read], writer, translator, inWriter: scratch is null);
                var flush = await writer.FlushAsync(clientGone);
                record.FirstByteSent();
                keepalive?.Wrote();
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return new RelayResult(RelayEnd.ClientLeft, scanner.Finish(), null);
                }
            }

            return new RelayResult(RelayEnd.Completed, scanner.Finish(), null);
        }
        catch (Exception ex) when (clientGone.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            return new RelayResult(RelayEnd.ClientLeft, scanner.Finish(), null);
        }
        catch (OperationCanceledException)
        {
            return await EndAsync(context, record, scanner, isEventStream && boundary.AtEventEnd, $"upstream sent nothing for {timeouts.IdleSecs:0.#} s (idle timeout)", translator);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return await EndAsync(context, record, scanner, isEventStream && boundary.AtEventEnd, "upstream stream broke off: " + (ex.InnerException?.Message ?? ex.Message), translator);
        }
        finally
        {
            ReturnScratch(scratch);
        }
    }

    private static void ReturnScratch(byte[]? scratch)
    {
        if (scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static async Task StartEventStreamAsync(HttpResponse response, RequestRecord record, bool isEventStream, CancellationToken clientGone)
    {
        if (isEventStream)
        {
            // Clients see the response start at once, as they would talking to the upstream directly.
            await response.StartAsync(clientGone);
            record.FirstByteSent();
        }
    }

    /// <summary>
    /// Hands a chunk on: read into the writer's own memory (<paramref name="inWriter"/>) it is only advanced over; read
    /// aside it is copied, or goes through the translator. True when the client's stream has begun (its protocol's first
    /// event is out): every upstream byte relayed as it is, or once the translator wrote something.
    /// </summary>
    private static bool Deliver(ReadOnlySpan<byte> chunk, System.IO.Pipelines.PipeWriter writer, IResponseTranslator? translator, bool inWriter)
    {
        if (translator is not null)
        {
            translator.Feed(chunk, writer);
            return writer.CanGetUnflushedBytes && writer.UnflushedBytes > 0;
        }

        if (inWriter)
        {
            writer.Advance(chunk.Length);
        }
        else
        {
            writer.Write(chunk);
        }

        return true;
    }

    /// <summary>Status and headers of the upstream's answer onto the client's; the raw Content-Type.</summary>
    private static string? CopyHead(HttpResponseMessage upstream, HttpResponse response, IResponseTranslator? translator)
    {
        // The raw value: parsing it into a MediaTypeHeaderValue only to print it again costs time on every request.
        var type = upstream.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;
        if (response.HasStarted)
        {
            // Keepalives during the first-event hold began the client's event stream: this answer's events follow them.
            return type;
        }

        response.StatusCode = (int)upstream.StatusCode;
        HeaderPolicy.CopyResponseHeaders(upstream, response);
        if (translator is not null)
        {
            // The client gets other bytes than the upstream sent: its own type, and no length to promise.
            response.ContentLength = null;
            response.ContentType = response.StatusCode >= 400 ? "application/json" : translator.ClientContentType;
        }

        return type;
    }

    /// <summary>What reads the relayed bytes in place, per chunk: the usage scanner, the event boundary, the dashboard's capture.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Observe(ReadOnlySpan<byte> chunk, UsageScanner scanner, ref SseBoundary boundary, RequestRecord record)
    {
        scanner.Feed(chunk);
        boundary.Track(chunk);
        record.Capture?.AppendResponse(chunk);
    }

    /// <summary>
    /// Ends a stream that failed after the client got part of it, as an error the client retries. A Codex turn
    /// stopped between two events gets a <c>response.failed</c> (code <c>server_error</c>): Codex prints our reason
    /// and retries. Anything else is cut (see <see cref="Cut"/>): Claude Code reports "Connection to the API was
    /// lost" and retries, while an Anthropic <c>error</c> event there would only show "malformed response".
    /// </summary>
    private static async Task<RelayResult> EndAsync(HttpContext context, RequestRecord record, UsageScanner scanner, bool atEventEnd, string error, IResponseTranslator? translator)
    {
        if (translator is not null && context.Response.HasStarted)
        {
            // A translated stream ends in the client's own protocol: the translator knows which terminal it still owes.
            return await TranslatedRelay.EndBrokenAsync(context, translator, scanner, error);
        }

        if (atEventEnd && context.Response.HasStarted && ErrorResponses.ShapeFor(record.Wire) == ErrorResponses.ErrorShape.ResponsesEvent)
        {
            try
            {
                using var buffer = new MemoryStream();
                ErrorResponses.WriteResponsesFailed(buffer, "codex-helper: " + error, retryable: true);
                await context.Response.BodyWriter.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
                await context.Response.BodyWriter.CompleteAsync();
                return new RelayResult(RelayEnd.UpstreamBroke, scanner.Finish(), error);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
                // The client is gone as well: cut below.
            }
        }

        return Cut(context, scanner, error);
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

using CodexHelper.Files;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Routing;
using CodexHelper.Translation;
using CodexHelper.TokenCounts;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Relay;

/// <summary>
/// The parts of step 4 that only a translated answer has: a whole (non-streaming or error) body translated at once,
/// and a broken translated stream ended in the client's own protocol. The streaming loop itself is
/// <see cref="ResponseRelay"/>'s, with the translator as its response hook.
/// </summary>
internal static class TranslatedRelay
{
    /// <summary>A whole body is translated at once; one this large is not a model's answer.</summary>
    internal const int MaxBodyBytes = 64 * 1024 * 1024;

    public static async Task<RelayResult> WholeBodyAsync(HttpContext context, HttpResponseMessage upstream, IResponseTranslator translator, RequestRecord record, Stream? held, UsageScanner scanner, Conversations.MintedStateScanner? minted = null)
    {
        var clientGone = context.RequestAborted;
        var window = new PooledWindow(MaxBodyBytes, 16 * 1024);
        try
        {
            await using var body = held ?? await upstream.Content.ReadAsStreamAsync(clientGone);
            while (true)
            {
                var free = window.FreeSpace();
                if (free.IsEmpty)
                {
                    return Cut(context, scanner, $"upstream body larger than {MaxBodyBytes} bytes cannot be translated");
                }

                var read = await body.ReadAsync(free, clientGone);
                if (read == 0)
                {
                    break;
                }

                scanner.Feed(free.Span[..read]);
                minted?.Feed(free.Span[..read]);
                window.Commit(read);
            }

            var writer = context.Response.BodyWriter;
            if (context.Response.StatusCode >= 400)
            {
                translator.TranslateError(context.Response.StatusCode, window.Span, writer);
            }
            else
            {
                translator.TranslateBody(window.Span, writer);
            }

            record.FirstByteSent();
            await writer.FlushAsync(clientGone);
            return new RelayResult(RelayEnd.Completed, scanner.Finish(), null);
        }
        catch (Exception ex) when (clientGone.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            return new RelayResult(RelayEnd.ClientLeft, scanner.Finish(), null);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return Cut(context, scanner, "upstream body broke off: " + (ex.InnerException?.Message ?? ex.Message));
        }
        finally
        {
            window.Release();
        }
    }

    /// <summary>The upstream broke off after the client got part of a translated stream: the translator writes the terminal the client's protocol owes.</summary>
    public static async Task<RelayResult> EndBrokenAsync(HttpContext context, IResponseTranslator translator, UsageScanner scanner, string error)
    {
        try
        {
            translator.Finish(context.Response.BodyWriter);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            await context.Response.BodyWriter.CompleteAsync();
            return new RelayResult(RelayEnd.UpstreamBroke, scanner.Finish(), error);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            return Cut(context, scanner, error);
        }
    }

    private static RelayResult Cut(HttpContext context, UsageScanner scanner, string error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
        }

        return new RelayResult(RelayEnd.UpstreamBroke, scanner.Finish(), error);
    }
}

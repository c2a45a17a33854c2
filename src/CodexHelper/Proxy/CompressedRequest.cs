using CodexHelper.Configuration;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

/// <summary>
/// Step 1½ of a request: a body sent with <c>Content-Encoding</c> zstd/gzip/deflate/br is decoded (bounded by
/// <c>routing.max_request_body_bytes</c>) and forwarded uncompressed, so the filter, model mapping and the log
/// work on it. Unknown codings, and every coding under <c>request_body_encoding = "passthrough"</c>, go through as sent.
/// </summary>
internal static class CompressedRequest
{
    /// <summary>
    /// The body to forward (the same one when there is nothing to decode), or null when the client already got an
    /// error (too large after decoding: 413; corrupt: 400) and the request is over.
    /// </summary>
    public static async Task<PooledBody?> DecodeAsync(HttpContext context, PooledBody body, RoutingOptions routing, RequestRecord record)
    {
        var request = context.Request;
        if (body.Length == 0 || request.Headers.ContentEncoding is not { Count: > 0 } header || RequestBodyEncodings.Parse(routing.RequestBodyEncoding) == false)
        {
            return body;
        }

        var encoding = header.ToString();
        if (!RequestBodyDecoder.CanDecode(encoding))
        {
            return body;
        }

        var result = RequestBodyDecoder.Decode(body, encoding, routing.MaxRequestBodyBytes);
        switch (result.Status)
        {
            case BodyDecodeStatus.Decoded:
                body.Dispose();
                // The upstream gets the decoded bytes: it must not be told they are compressed.
                // Content-Length is set from the body when the upstream request is built.
                request.Headers.Remove("Content-Encoding");
                return result.Body;
            case BodyDecodeStatus.TooLarge:
            {
                body.Dispose();
                var message = $"request body larger than {routing.MaxRequestBodyBytes} bytes once decoded ({encoding}; routing.max_request_body_bytes)";
                await ErrorResponses.WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, "codex-helper: " + message, null, context.RequestAborted);
                record.Finish(StatusCodes.Status413PayloadTooLarge, RequestLog.RequestOutcome.Rejected, message);
                return null;
            }

            default:
                body.Dispose();
                await ErrorResponses.WriteAsync(context.Response, StatusCodes.Status400BadRequest, "codex-helper: " + result.Problem, null, context.RequestAborted);
                record.Finish(StatusCodes.Status400BadRequest, RequestLog.RequestOutcome.Rejected, result.Problem);
                return null;
        }
    }
}

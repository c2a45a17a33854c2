using CodexHelper.Configuration;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// Step 1½ of a request: a body sent with <c>Content-Encoding</c> zstd/gzip/deflate/br is decoded (bounded by
/// <c>routing.max_request_body_bytes</c>) and forwarded uncompressed, so the filter, model mapping and the log
/// work on it. Unknown codings, and every coding under <c>request_body_encoding = "passthrough"</c>, go through as sent.
/// </summary>
internal static class CompressedRequest
{
    /// <summary>
    /// The body to forward (the same one when there is nothing to decode) and whether it is still compressed, or the
    /// refusal when it cannot be forwarded (too large once decoded: 413; corrupt: 400).
    /// </summary>
    public static DecodedBody Decode(HttpRequest request, PooledBody body, IntakeLimits limits)
    {
        var stillCompressed = request.Headers.ContentEncoding is { Count: > 0 } sent && !string.Equals(sent.ToString(), "identity", StringComparison.OrdinalIgnoreCase);
        if (body.Length == 0 || request.Headers.ContentEncoding is not { Count: > 0 } header || !limits.DecodeCompressed)
        {
            return new DecodedBody(body, stillCompressed);
        }

        var encoding = header.ToString();
        if (!RequestBodyDecoder.CanDecode(encoding))
        {
            return new DecodedBody(body, stillCompressed);
        }

        var result = RequestBodyDecoder.Decode(body, encoding, limits.MaxBodyBytes);
        body.Dispose();
        switch (result.Status)
        {
            case BodyDecodeStatus.Decoded:
                // The upstream gets the decoded bytes: it must not be told they are compressed.
                // Content-Length is set from the body when the upstream request is built.
                request.Headers.Remove("Content-Encoding");
                return new DecodedBody(result.Body, StillCompressed: false);
            case BodyDecodeStatus.TooLarge:
                return new DecodedBody(null, false, new BodyRefusal(StatusCodes.Status413PayloadTooLarge,
                    $"request body larger than {limits.MaxBodyBytes} bytes once decoded ({encoding}; routing.max_request_body_bytes)", CloseConnection: false));
            default:
                return new DecodedBody(null, false, new BodyRefusal(StatusCodes.Status400BadRequest, result.Problem!, CloseConnection: false));
        }
    }
}

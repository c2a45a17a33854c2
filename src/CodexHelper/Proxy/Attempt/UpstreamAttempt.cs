using System.Net.Sockets;
using System.Net;
using System.Security.Authentication;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Intake;
using CodexHelper.Routing;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Attempt;

/// <summary>
/// Sends the (already buffered) request to one upstream and waits for its response headers. The result is
/// classified at once (<see cref="AttemptResult"/>): a response with its status's outcome, or why none came
/// (never including a key).
/// </summary>
internal static class UpstreamAttempt
{
    internal readonly record struct Outcome(HttpResponseMessage? Response, AttemptResult Result);

    /// <summary>Step 3b: sends <paramref name="request"/> as it is and classifies what came back.</summary>
    public static async Task<Outcome> SendAsync(UpstreamClient client, UpstreamRequest request, BodyLease lease, RequestTimeouts timeouts, RequestDeadline deadline, CancellationToken clientGone)
    {
        if (request.LocalAnswer is { } local)
        {
            return Answered(local);
        }

        using var message = Message(request, lease);
        var headerTimeout = timeouts.Header;
        var remaining = deadline.Remaining;
        var deadlineFirst = remaining < headerTimeout;
        if (remaining <= TimeSpan.Zero)
        {
            return Failed(AttemptOutcome.TimedOut, DeadlinePassed(timeouts));
        }

        using var headers = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        headers.CancelAfter(deadlineFirst ? remaining : headerTimeout);
        try
        {
            var response = await client.Http.SendAsync(message, headers.Token);
            var status = (int)response.StatusCode;
            var retryAfter = response.Headers.TryGetValues("Retry-After", out var values)
                ? FailureClassifier.ParseRetryAfter(values.FirstOrDefault(), client.Clock.GetUtcNow())
                : null;
            return new Outcome(response, AttemptResult.ForStatus(status, retryAfter));
        }
        catch (OperationCanceledException) when (clientGone.IsCancellationRequested)
        {
            return Failed(AttemptOutcome.ClientAborted, "client went away before the upstream answered");
        }
        catch (OperationCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            return Failed(AttemptOutcome.ConnectFailed, $"connect timeout after {client.ConnectTimeoutSecs:0.#} s");
        }
        catch (OperationCanceledException)
        {
            return Failed(AttemptOutcome.TimedOut, deadlineFirst ? DeadlinePassed(timeouts) : $"no response headers within {timeouts.HeaderSecs:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return Failed(AttemptOutcome.ConnectFailed, Describe(ex));
        }
        catch (IOException ex)
        {
            return Failed(AttemptOutcome.ConnectFailed, "connection error: " + ex.Message);
        }
    }

    private static HttpRequestMessage Message(UpstreamRequest request, BodyLease lease)
    {
        var message = new HttpRequestMessage(HttpMethod.Parse(request.Method), request.Target)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        if (request.SendsBody)
        {
            message.Content = new LeasedBodyContent(request.Body, lease);
        }

        request.CopyHeadersTo(message);
        if (message.Content is not null)
        {
            message.Content.Headers.ContentLength = request.Body.Length;
        }

        return message;
    }

    /// <summary>The answer made in place of sending, as if the upstream had given it.</summary>
    private static Outcome Answered(byte[] body)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return new Outcome(response, AttemptResult.ForStatus(200, null));
    }

    private static Outcome Failed(AttemptOutcome outcome, string error) => new(null, new AttemptResult(outcome, null, error));

    private static string DeadlinePassed(RequestTimeouts timeouts) => $"request deadline of {timeouts.DeadlineSecs:0.#} s passed";

    /// <summary>Names the failure without the URL's credentials or the request's headers.</summary>
    public static string Describe(HttpRequestException ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return "DNS lookup failed";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return "connection reset";
                case SocketException se:
                    return "socket error: " + se.SocketErrorCode;
                case AuthenticationException:
                    return "TLS handshake failed: " + e.Message;
            }
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "DNS lookup failed",
            HttpRequestError.ConnectionError => "connection error",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "upstream closed the connection before answering",
            HttpRequestError.InvalidResponse => "invalid HTTP response from upstream",
            _ => "request failed: " + ex.Message,
        };
    }
}

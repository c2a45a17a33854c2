using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodexHelper.Proxy.Attempt;
using CodexHelper.Proxy.Failover;
using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.Judging;
using CodexHelper.Proxy.LocalAnswers;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.RequestLog;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Hosting;

/// <summary>
/// One client request, in one straight line: admit it, read the body (bounded, decoded), filter it, and hand it to
/// <see cref="UpstreamFailover"/>, which tries the plan's upstreams until one answers well and relays that answer.
/// Each step that ends the request returns how (<see cref="RequestEnd"/>); the request is logged here, once.
/// </summary>
/// <remarks>
/// The stages of the request path, each in the folder of its name (marked "Step N" where the code enters it):
/// <list type="number">
/// <item>Intake (<c>Proxy/Intake</c>): target checked, body read bounded and decoded, filtered; the client's wire format was decided by <see cref="RequestRecord"/>.</item>
/// <item>Route (<c>Routing/</c>): the plan over the config snapshot's upstreams (health, affinity, quota marks).</item>
/// <item>Attempt (<c>Proxy/Attempt</c>): <see cref="UpstreamRequest.For"/> makes the upstream request, <see cref="UpstreamAttempt"/> sends it.</item>
/// <item>Judge (<c>Proxy/Judging</c>): the outcome and the first event judged, the attempt written once to the ledger.</item>
/// <item>Relay (<c>Proxy/Relay</c>): the commit point, then the answer streamed (or translated) to the client, with keepalives.</item>
/// <item>Report (<c>Proxy/Reporting</c>): <see cref="RequestRecord.Finish"/>, called from here alone.</item>
/// </list>
/// Steps 2–5 loop in <c>Proxy/Failover</c>; answers the proxy gives itself are in <c>Proxy/LocalAnswers</c>.
/// </remarks>
/// <param name="reporting">Who learns of each request (counters, log, metrics, dashboard…).</param>
internal sealed class ProxyEndpoint(
    RequestReporting reporting, UpstreamClient upstreams, ActiveConfigSource configs, Routing.UpstreamRouter router, Filtering.FilterFileSource filter, StatusEndpoint status)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (await AnsweredLocallyAsync(context))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var admission = reporting.Gateway?.Admit(context.Request);

        // One snapshot for the whole request: its upstreams, routing knobs and name, even if config.json is reloaded meanwhile.
        var config = configs.Current;
        var record = new RequestRecord(reporting, context, started, config) { ClientToken = admission?.Token };
        reporting.Counters.Request();
        var end = await ServeAsync(context, config, record, admission);
        // Step 6: the one place a forwarded request is finished.
        record.Finish(end);
    }

    /// <summary>Every step of a forwarded request, in order; each one that ends the request says how.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RequestEnd> ServeAsync(HttpContext context, ActiveConfig config, RequestRecord record, Gateway.Admission? admission)
    {
        if (admission is { Refused: true } refusal)
        {
            reporting.Metrics.Refused(refusal.Status);
            return await RejectAsync(context, refusal.Status, refusal.Message!, refusal.Message!, closeConnection: false);
        }

        // Step 1: intake.
        if (RequestTargetCheck.Problem(context) is { } badTarget)
        {
            return await RejectAsync(context, StatusCodes.Status400BadRequest, badTarget);
        }

        if (config.Problem is not null)
        {
            await ErrorResponses.WriteAsync(context.Response, StatusCodes.Status502BadGateway, "codex-helper: " + config.Problem, null, context.RequestAborted);
            return new RequestEnd(StatusCodes.Status502BadGateway, RequestOutcome.UpstreamError, config.Problem);
        }

        var (body, refused) = await ReadBodyAsync(context, config);
        if (body is not { } decoded)
        {
            return refused is { } r ? await RejectAsync(context, r.Status, "codex-helper: " + r.Message, r.Message, r.CloseConnection) : ClientGoneWhileSending;
        }

        return await ForwardAsync(context, decoded, config, record);
    }

    private static RequestEnd ClientGoneWhileSending => new(499, RequestOutcome.ClientAborted, "client went away while sending the request");

    /// <summary>Internal endpoints, refused WebSocket upgrades and Claude Code's liveness probe: answered here, not forwarded, not logged.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AnsweredLocallyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(StatusEndpoint.InternalPrefix, StringComparison.OrdinalIgnoreCase) || MetricsEndpoint.IsScrape(context))
        {
            if (reporting.Observer is not { } observer || !await observer.TryHandleAsync(context))
            {
                await status.HandleAsync(context);
            }

            return true;
        }

        if (WebSocketRefusal.IsUpgrade(request))
        {
            await WebSocketRefusal.RefuseAsync(context);
            return true;
        }

        // Claude Code checks that its base URL answers before a session (HEAD /; HEAD /api/hello from 2.1.328 on):
        // a liveness probe, not traffic.
        return HttpMethods.IsHead(request.Method) && !request.QueryString.HasValue && request.Path.Value is "/" or "/api/hello";
    }

    /// <summary>
    /// The whole body, bounded and decoded. No body: either refused (malformed, too large, corrupt coding), with the
    /// refusal for <see cref="RejectAsync(HttpContext, int, string, string, bool)"/>, or the client went away.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<(DecodedBody? Body, BodyRefusal? Refused)> ReadBodyAsync(HttpContext context, ActiveConfig config)
    {
        var request = context.Request;
        var clientGone = context.RequestAborted;
        PooledBody? body;
        try
        {
            body = await PooledBody.ReadAsync(request, config.Intake.MaxBodyBytes, clientGone);
        }
        catch (BadHttpRequestException ex) when (!clientGone.IsCancellationRequested)
        {
            // Broken framing (e.g. Transfer-Encoding: chunked with a body that is not chunked): the client's fault, said plainly.
            return (null, new BodyRefusal(ex.StatusCode, "malformed request body: " + ex.Message, CloseConnection: true));
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return (null, null);
        }

        if (body is null)
        {
            if (request.ContentLength is null)
            {
                MemoryGiveBack.Request(); // the body was read up to the limit before it could be refused
            }

            return (null, new BodyRefusal(StatusCodes.Status413PayloadTooLarge,
                $"request body larger than {config.Intake.MaxBodyBytes} bytes (routing.max_request_body_bytes)", CloseConnection: true));
        }

        var decoded = CompressedRequest.Decode(request, body, config.Intake);
        return decoded.Refused is { } refused ? (null, refused) : (decoded, null);
    }

    /// <summary>Filters the body (unless it is still compressed) and hands it to the failover loop over the snapshot's upstreams.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RequestEnd> ForwardAsync(HttpContext context, DecodedBody decoded, ActiveConfig config, RequestRecord record)
    {
        // The body's buffers go back to the pool when the request is over and no upstream send still reads them.
        var body = decoded.Body!;
        var lease = new BodyLease(body);
        UpstreamFailover? running = null;
        try
        {
            var payload = body.Memory;
            if (decoded.StillCompressed)
            {
                record.Filtered = false;
            }
            else if (payload.Length > 0)
            {
                payload = filter.Current.ApplyInPlace(body.WritableMemory, out _, out var filtered);
                lease.Adopt(filtered);
            }

            record.Capture?.SetRequestBody(payload.Span);
            if (record.Session is null && record.Wire is { IsTurn: true, Protocol: Wire.WireProtocol.Responses } && !decoded.StillCompressed)
            {
                record.Session = PromptCacheKey.Find(payload.Span);
            }

            // Step 2: the route; steps 3–5 run in the failover loop.
            using var plan = router.Plan(config.Routes, record.Session);
            using var failover = new UpstreamFailover(upstreams, reporting.Counters, context, plan, config.Timeouts, lease, record, new UpstreamBody(payload));
            running = failover;
            return await failover.RunAsync();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return running?.ClientGoneEnd() ?? new RequestEnd(499, RequestOutcome.ClientAborted, "client went away");
        }
        finally
        {
            lease.Exit();
        }
    }

    private static Task<RequestEnd> RejectAsync(HttpContext context, int status, string message) =>
        RejectAsync(context, status, "codex-helper: " + message, message, closeConnection: true);

    /// <summary>
    /// The one rejection path: the client gets <paramref name="reply"/>, the log <paramref name="logged"/> (a gateway
    /// refusal names the token's name at most, never the token presented).
    /// </summary>
    private static async Task<RequestEnd> RejectAsync(HttpContext context, int status, string reply, string logged, bool closeConnection)
    {
        if (closeConnection)
        {
            // The client may still be sending a body we will not read: closing beats draining megabytes into memory.
            context.Response.Headers.Connection = "close";
        }

        await ErrorResponses.WriteAsync(context.Response, status, reply, null, context.RequestAborted);
        return new RequestEnd(status, RequestOutcome.Rejected, logged);
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodexHelper.RequestLog;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

/// <summary>
/// One client request, in one straight line: admit it, read the body (bounded, decoded), filter it, and hand it to
/// <see cref="UpstreamFailover"/>, which tries the plan's upstreams until one answers well and relays that answer;
/// the request is logged once, when it ends.
/// </summary>
internal sealed class ProxyEndpoint(ProxyRuntime runtime)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (await AnsweredLocallyAsync(context))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var admission = runtime.Gateway?.Admit(context.Request);

        // One snapshot for the whole request: its upstreams, routing knobs and name, even if config.json is reloaded meanwhile.
        var config = runtime.Configs.Current;
        var record = new RequestRecord(runtime, context, started, config) { ClientToken = admission?.Token };
        runtime.Counters.Request();
        if (admission is { Refused: true } refusal)
        {
            await RefuseAsync(context, record, refusal);
            return;
        }

        if (RequestTargetCheck.Problem(context) is { } badTarget)
        {
            await RejectAsync(context, record, StatusCodes.Status400BadRequest, badTarget);
            return;
        }

        if (config.Problem is not null)
        {
            await ErrorResponses.WriteAsync(context.Response, StatusCodes.Status502BadGateway, "codex-helper: " + config.Problem, null, context.RequestAborted);
            record.Finish(StatusCodes.Status502BadGateway, RequestOutcome.UpstreamError, config.Problem);
            return;
        }

        if (await ReadBodyAsync(context, config, record) is { } body)
        {
            await ForwardAsync(context, body, config, record);
        }
    }

    /// <summary>Internal endpoints, refused WebSocket upgrades and Claude Code's liveness probe: answered here, not forwarded, not logged.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AnsweredLocallyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(StatusEndpoint.InternalPrefix, StringComparison.OrdinalIgnoreCase) || MetricsEndpoint.IsScrape(context))
        {
            if (runtime.Observer is not { } observer || !await observer.TryHandleAsync(context))
            {
                await StatusEndpoint.HandleAsync(context, runtime);
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
    /// The whole body, bounded and decoded; null when the request is over (refused: malformed, too large, corrupt
    /// coding; or the client went away), with its answer written and logged.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<PooledBody?> ReadBodyAsync(HttpContext context, ActiveConfig config, RequestRecord record)
    {
        var request = context.Request;
        var clientGone = context.RequestAborted;
        PooledBody? body;
        try
        {
            body = await PooledBody.ReadAsync(request, config.Routing.MaxRequestBodyBytes, clientGone);
        }
        catch (BadHttpRequestException ex) when (!clientGone.IsCancellationRequested)
        {
            // Broken framing (e.g. Transfer-Encoding: chunked with a body that is not chunked): the client's fault, said plainly.
            await RejectAsync(context, record, ex.StatusCode, "malformed request body: " + ex.Message);
            return null;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            record.Finish(499, RequestOutcome.ClientAborted, "client went away while sending the request");
            return null;
        }

        if (body is null)
        {
            if (request.ContentLength is null)
            {
                MemoryGiveBack.Request(); // the body was read up to the limit before it could be refused
            }

            await RejectAsync(context, record, StatusCodes.Status413PayloadTooLarge,
                $"request body larger than {config.Routing.MaxRequestBodyBytes} bytes (routing.max_request_body_bytes)");
            return null;
        }

        return await CompressedRequest.DecodeAsync(context, body, config.Routing, record);
    }

    /// <summary>Filters the body and hands it to the failover loop over the snapshot's upstreams.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ForwardAsync(HttpContext context, PooledBody body, ActiveConfig config, RequestRecord record)
    {
        // The body's buffers go back to the pool when the request is over and no upstream send still reads them.
        var lease = new BodyLease(body);
        try
        {
            var payload = body.Memory;
            var compressed = context.Request.Headers.ContentEncoding is { Count: > 0 } enc && !string.Equals(enc.ToString(), "identity", StringComparison.OrdinalIgnoreCase);
            if (compressed)
            {
                record.Filtered = false;
            }
            else if (payload.Length > 0)
            {
                payload = runtime.Filter.Current.ApplyInPlace(body.WritableMemory, out _, out var filtered);
                lease.Adopt(filtered);
            }

            record.Capture?.SetRequestBody(payload.Span);

            using var plan = runtime.Router.Plan(config.Routes);
            using var failover = new UpstreamFailover(runtime, context, plan, lease, record, new UpstreamBody(payload));
            await failover.RunAsync();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            record.Finish(499, RequestOutcome.ClientAborted, "client went away");
        }
        finally
        {
            lease.Exit();
        }
    }

    /// <summary>
    /// A gateway refusal (401 unknown token, 429 over budget): answered, counted, and logged with its reason, which
    /// names the token's name at most, never the token presented.
    /// </summary>
    private async Task RefuseAsync(HttpContext context, RequestRecord record, Gateway.Admission refusal)
    {
        runtime.Metrics.Refused(refusal.Status);
        await ErrorResponses.WriteAsync(context.Response, refusal.Status, refusal.Message!, null, context.RequestAborted);
        record.Finish(refusal.Status, RequestOutcome.Rejected, refusal.Message);
    }

    private async Task RejectAsync(HttpContext context, RequestRecord record, int status, string message)
    {
        // The client may still be sending a body we will not read: closing beats draining megabytes into memory.
        context.Response.Headers.Connection = "close";
        await ErrorResponses.WriteAsync(context.Response, status, "codex-helper: " + message, null, context.RequestAborted);
        record.Finish(status, RequestOutcome.Rejected, message);
    }
}

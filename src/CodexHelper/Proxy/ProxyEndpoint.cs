using System.Diagnostics;
using CodexHelper.ModelMapping;
using CodexHelper.RequestLog;
using CodexHelper.Routing;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

/// <summary>
/// One client request, in one straight line: read the body (bounded), filter it, ask the plan for upstreams
/// until one answers well, stream that answer to the client, then log the request once. What each attempt's
/// outcome means (record what, try the next or not) is <see cref="FailoverDecision"/>'s call, not this class's.
/// A failed attempt is replayed on the next upstream only while the client has not seen a byte.
/// </summary>
internal sealed class ProxyEndpoint(ProxyRuntime runtime)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(StatusEndpoint.InternalPrefix, StringComparison.OrdinalIgnoreCase) || MetricsEndpoint.IsScrape(context))
        {
            if (runtime.Observer is not { } observer || !await observer.TryHandleAsync(context))
            {
                await StatusEndpoint.HandleAsync(context, runtime);
            }

            return;
        }

        if (WebSocketRefusal.IsUpgrade(request))
        {
            await WebSocketRefusal.RefuseAsync(context);
            return;
        }

        // Claude Code checks that its base URL answers with HEAD / before a session: a liveness probe, not traffic.
        if (HttpMethods.IsHead(request.Method) && request.Path.Value == "/" && !request.QueryString.HasValue)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var clientGone = context.RequestAborted;
        Gateway.ClientToken? token = null;
        if (runtime.Gateway is { } gateway)
        {
            var admission = gateway.Admit(request);
            if (admission.Token is null)
            {
                runtime.Metrics.Refused(admission.Status);
                await ErrorResponses.WriteAsync(context.Response, admission.Status, admission.Message!, null, clientGone);
                return;
            }

            token = admission.Token;
        }

        // One snapshot for the whole request: its upstreams, routing knobs and name, even if config.json is reloaded meanwhile.
        var config = runtime.Configs.Current;
        var record = new RequestRecord(runtime, context, started, config) { ClientToken = token };
        runtime.Counters.Request();

        if (RequestTargetCheck.Problem(context) is { } badTarget)
        {
            await RejectAsync(context, record, StatusCodes.Status400BadRequest, badTarget);
            return;
        }

        if (config.Problem is not null)
        {
            await ErrorResponses.WriteAsync(context.Response, StatusCodes.Status502BadGateway, "codex-helper: " + config.Problem, null, clientGone);
            record.Finish(StatusCodes.Status502BadGateway, RequestOutcome.UpstreamError, config.Problem);
            return;
        }

        PooledBody? body;
        try
        {
            body = await PooledBody.ReadAsync(request, config.Routing.MaxRequestBodyBytes, clientGone);
        }
        catch (BadHttpRequestException ex) when (!clientGone.IsCancellationRequested)
        {
            // Broken framing (e.g. Transfer-Encoding: chunked with a body that is not chunked): the client's fault, said plainly.
            await RejectAsync(context, record, ex.StatusCode, "malformed request body: " + ex.Message);
            return;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            record.Finish(499, RequestOutcome.ClientAborted, "client went away while sending the request");
            return;
        }

        if (body is null)
        {
            if (request.ContentLength is null)
            {
                MemoryGiveBack.Request(); // the body was read up to the limit before it could be refused
            }

            await RejectAsync(context, record, StatusCodes.Status413PayloadTooLarge,
                $"request body larger than {config.Routing.MaxRequestBodyBytes} bytes (routing.max_request_body_bytes)");
            return;
        }

        var decoded = await CompressedRequest.DecodeAsync(context, body, config.Routing, record);
        if (decoded is null)
        {
            return;
        }

        body = decoded;

        // The body's buffers go back to the pool when the request is over and no upstream send still reads them.
        var lease = new BodyLease(body);
        try
        {
            var payload = body.Memory;
            var compressed = request.Headers.ContentEncoding is { Count: > 0 } enc && !string.Equals(enc.ToString(), "identity", StringComparison.OrdinalIgnoreCase);
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
            await ForwardAsync(context, plan, payload, lease, record);
        }
        catch (OperationCanceledException) when (clientGone.IsCancellationRequested)
        {
            record.Finish(499, RequestOutcome.ClientAborted, "client went away");
        }
        finally
        {
            lease.Exit();
        }
    }

    /// <summary>
    /// Tries upstreams in the plan's order. A failed attempt is recorded and the next one tried while the decision
    /// allows it; the first answer that is final (or the last one there is) is relayed and recorded after the relay.
    /// </summary>
    private async Task ForwardAsync(HttpContext context, RoutePlan plan, ReadOnlyMemory<byte> payload, BodyLease lease, RequestRecord record)
    {
        var clientGone = context.RequestAborted;
        var options = plan.Table.Options;
        var deadline = RequestDeadline.After(options.RequestDeadlineSecs);
        CapturedResponse? fallback = null;
        AttemptResult last = default;
        RoutedUpstream? lastUpstream = null;
        var failures = new FailureSummary();
        var bodies = new UpstreamBody(payload);
        record.Model = bodies.Model;
        try
        {
            var upstream = plan.Next();
            while (upstream is not null)
            {
                var attemptStart = Stopwatch.GetTimestamp();
                if (!ModelPatterns.Serves(upstream.Config.Models, bodies.ModelFor(upstream.Config)))
                {
                    // Not a failure of the upstream: it never claimed this model, so its health is untouched.
                    var skipped = $"skipped: serves only {string.Join(", ", upstream.Config.Models!)}, not {bodies.ModelFor(upstream.Config)}";
                    plan.Skip(upstream);
                    record.AddSkip(upstream.BaseUrl, skipped, attemptStart);
                    failures.Add(upstream.BaseUrl, null, skipped);
                    lastUpstream = upstream;
                    last = new AttemptResult(AttemptOutcome.ConnectFailed, null, skipped);
                    upstream = plan.Next();
                    continue;
                }

                var sent = bodies.For(upstream.Config, lease, out var upstreamModel);
                record.UpstreamModel = upstreamModel;
                var (response, result) = await UpstreamAttempt.SendAsync(runtime, context, upstream.Config, sent, lease, options, deadline);
                if (result.Outcome == AttemptOutcome.ClientAborted)
                {
                    plan.Record(upstream, result);
                    record.UpstreamBaseUrl = upstream.BaseUrl;
                    record.Finish(499, RequestOutcome.ClientAborted, result.Error);
                    return;
                }

                var next = FailoverDecision.For(result.Outcome).TryNext && !deadline.Passed ? plan.Next() : null;
                HeldStream? held = null;
                if (response is not null && next is null && StreamCommitPoint.Applies(response))
                {
                    HeldStart start;
                    try
                    {
                        start = await StreamCommitPoint.HoldAsync(response, options, clientGone);
                    }
                    catch (Exception ex) when (clientGone.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
                    {
                        response.Dispose();
                        plan.Record(upstream, new AttemptResult(AttemptOutcome.ClientAborted));
                        record.UpstreamBaseUrl = upstream.BaseUrl;
                        record.Finish(499, RequestOutcome.ClientAborted, "client went away before the upstream answered");
                        return;
                    }

                    if (start.Verdict == FirstEventVerdict.Failed)
                    {
                        // A failure inside a 200, before the client saw a byte: as good as a 502 for failing over.
                        start.Stream.Dispose();
                        response.Dispose();
                        response = null;
                        result = new AttemptResult(AttemptOutcome.ErrorBeforeContent, result.Status, start.Reason);
                        next = deadline.Passed ? null : plan.Next();
                    }
                    else
                    {
                        held = start.Stream;
                    }
                }

                // The last upstream's failover status is not relayed as is: the client gets the one-line summary below.
                if (response is not null && next is null && result.Outcome != AttemptOutcome.FailoverStatus)
                {
                    fallback?.Dispose();
                    fallback = null;
                    if (await RelayAsync(context, plan, upstream, response, result, record, attemptStart, held) is not { } broke)
                    {
                        return;
                    }

                    // The answer broke off before the client saw a byte of it: as good as no answer, so on to the next.
                    context.Response.Clear();
                    failures.Add(upstream.BaseUrl, null, broke.Error);
                    last = broke;
                    lastUpstream = upstream;
                    upstream = deadline.Passed ? null : plan.Next();
                    continue;
                }

                result = WithKeyNote(upstream, result);
                plan.Record(upstream, result);
                record.AddFailedAttempt(upstream.BaseUrl, result.Status, result.Error, attemptStart);
                if (response is not null)
                {
                    fallback?.Dispose();
                    fallback = await CapturedResponse.CaptureAsync(response, clientGone);
                    failures.Add(upstream.BaseUrl, result.Status, null, FailureSummary.UpstreamMessage(fallback.Body), UpstreamKeyCheck.MissingVariable(upstream.Config, runtime.GetEnv));
                    record.Capture?.AddAttemptBody(upstream.BaseUrl, fallback.Body);
                }
                else
                {
                    failures.Add(upstream.BaseUrl, null, result.Error);
                }

                last = result;
                lastUpstream = upstream;
                upstream = next;
            }

            record.UpstreamBaseUrl = lastUpstream?.BaseUrl;
            var message = failures.ToString();
            if (fallback is not null && failures.ClientStatus is 401 or 403)
            {
                // Every upstream refused the credentials: the client's own handling of that status (a ChatGPT
                // login refreshes its token on 401) needs the real answer, not our summary.
                await fallback.WriteToAsync(context.Response, clientGone);
                record.Finish(fallback.Status, RequestOutcome.UpstreamError, message);
                fallback = null;
                return;
            }

            var clientStatus = failures.Count == 0 ? StatusCodes.Status502BadGateway : failures.ClientStatus;
            await ErrorResponses.WriteAsync(context.Response, clientStatus, "codex-helper: " + message, lastUpstream?.BaseUrl, clientGone);
            record.Finish(clientStatus, RequestOutcome.UpstreamError, message);
        }
        finally
        {
            fallback?.Dispose();
        }
    }

    /// <summary>
    /// Streams the chosen answer to the client, then records the attempt once, with what the relay showed. Null when
    /// the request is over; the failed attempt when the upstream broke off before the client saw a byte (the caller
    /// may try another upstream).
    /// </summary>
    private async Task<AttemptResult?> RelayAsync(HttpContext context, RoutePlan plan, RoutedUpstream upstream, HttpResponseMessage response, AttemptResult result, RequestRecord record, long attemptStart, HeldStream? held)
    {
        using (response)
        {
            var status = result.Status ?? (int)response.StatusCode;
            var relay = await ResponseRelay.CopyAsync(context, response, plan.Table.Options, record, held);
            if (relay.End == RelayEnd.UpstreamBroke && !context.Response.HasStarted)
            {
                var broke = WithKeyNote(upstream, new AttemptResult(AttemptOutcome.ConnectFailed, status, "before the first byte: " + relay.Error));
                plan.Record(upstream, broke);
                record.AddFailedAttempt(upstream.BaseUrl, status, broke.Error, attemptStart);
                return broke;
            }

            record.UpstreamBaseUrl = upstream.BaseUrl;
            record.Usage = relay.Usage;
            record.AddAnswer(upstream.BaseUrl, status, attemptStart);
            if (record.FailedOver)
            {
                runtime.Counters.Failover();
            }

            var outcome = FailoverDecision.AfterRelay(result.Outcome, relay.End);
            var final = WithKeyNote(upstream, result with { Outcome = outcome, Error = relay.Error ?? result.Error });
            plan.Record(upstream, final);
            if (relay.End == RelayEnd.ClientLeft)
            {
                record.Finish(status, RequestOutcome.ClientAborted, "client went away during the response");
                return null;
            }

            record.Finish(status, LogOutcome(outcome), final.Error);
            return null;
        }
    }

    private async Task RejectAsync(HttpContext context, RequestRecord record, int status, string message)
    {
        // The client may still be sending a body we will not read: closing beats draining megabytes into memory.
        context.Response.Headers.Connection = "close";
        await ErrorResponses.WriteAsync(context.Response, status, "codex-helper: " + message, null, context.RequestAborted);
        record.Finish(status, RequestOutcome.Rejected, message);
    }

    private AttemptResult WithKeyNote(RoutedUpstream upstream, AttemptResult result) =>
        result.Outcome is AttemptOutcome.Success or AttemptOutcome.NeutralStatus or AttemptOutcome.ClientAborted
            || UpstreamKeyCheck.MissingVariable(upstream.Config, runtime.GetEnv) is not { } missing
            ? result
            : result with { Error = $"{result.Error} ({missing})" };

    private static string LogOutcome(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Success => RequestOutcome.Ok,
        AttemptOutcome.NeutralStatus => RequestOutcome.Rejected,
        AttemptOutcome.BrokenMidStream => RequestOutcome.StreamBroken,
        AttemptOutcome.ErrorBeforeContent => RequestOutcome.UpstreamError,
        _ => RequestOutcome.UpstreamError,
    };
}

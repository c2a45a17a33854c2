using System.Diagnostics;
using System.Net;
using CodexHelper.Configuration;
using CodexHelper.RequestLog;
using CodexHelper.Routing;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

/// <summary>
/// One client request, in one straight line: read the body (bounded), filter it, try upstreams in the
/// router's order until one answers well, stream that answer to the client, then record the outcome.
/// A failed attempt is replayed on the next upstream only while the client has not seen a byte.
/// </summary>
internal sealed class ProxyEndpoint(ProxyRuntime runtime)
{
    public const string InternalPrefix = "/__codex_helper";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(InternalPrefix, StringComparison.OrdinalIgnoreCase) || MetricsEndpoint.IsScrape(context))
        {
            await StatusEndpoint.HandleAsync(context, runtime);
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

        var config = runtime.Configs.Current;
        var record = new RequestRecord(runtime, context, started, config.ConfigName) { ClientToken = token };
        runtime.Counters.Request();

        if (config.Problem is not null)
        {
            await ErrorResponses.WriteAsync(context.Response, StatusCodes.Status502BadGateway, "codex-helper: " + config.Problem, null, clientGone);
            record.Finish(StatusCodes.Status502BadGateway, config.Problem);
            return;
        }

        PooledBody? body;
        try
        {
            body = await PooledBody.ReadAsync(request, config.Routing.MaxRequestBodyBytes, clientGone);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            record.ClientAborted = true;
            record.Finish(499, "client went away while sending the request");
            return;
        }

        if (body is null)
        {
            var message = $"request body larger than {config.Routing.MaxRequestBodyBytes} bytes (routing.max_request_body_bytes)";
            await ErrorResponses.WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, "codex-helper: " + message, null, clientGone);
            record.Finish(StatusCodes.Status413PayloadTooLarge, message);
            return;
        }

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
                record.Model = RequestModel.Find(payload.Span);
            }

            using var plan = PlanFor(ref config);
            record.ConfigName = config.ConfigName;
            await ForwardAsync(context, config, plan, payload, lease, record);
        }
        finally
        {
            lease.Exit();
        }
    }

    /// <summary>
    /// A plan whose upstream list is the one in <paramref name="config"/>: a reload between reading the
    /// config and asking the router would otherwise pair indices with the wrong upstreams.
    /// </summary>
    private RoutePlan PlanFor(ref ActiveConfig config)
    {
        for (var i = 0; ; i++)
        {
            var plan = runtime.Router.Plan();
            var current = runtime.Configs.Current;
            if (i == 3 || SameUpstreams(plan.BaseUrls, current.Upstreams))
            {
                config = current;
                return plan;
            }

            plan.Dispose();
        }
    }

    private static bool SameUpstreams(IReadOnlyList<string> planned, IReadOnlyList<UpstreamConfig> configured)
    {
        if (planned.Count != configured.Count)
        {
            return false;
        }

        for (var i = 0; i < planned.Count; i++)
        {
            if (!string.Equals(planned[i], configured[i].BaseUrl, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private async Task ForwardAsync(HttpContext context, ActiveConfig config, RoutePlan plan, ReadOnlyMemory<byte> payload, BodyLease lease, RequestRecord record)
    {
        var clientGone = context.RequestAborted;
        var candidates = plan.Candidates;
        var deadline = RequestDeadline.After(config.Routing.RequestDeadlineSecs);
        CapturedResponse? fallback = null;
        string? lastError = null;
        string? lastUpstream = null;
        try
        {
            for (var n = 0; n < candidates.Count; n++)
            {
                var index = candidates[n];
                if (index < 0 || index >= config.Upstreams.Count)
                {
                    continue;
                }

                var upstream = config.Upstreams[index];
                var isLast = n == candidates.Count - 1;
                lastUpstream = upstream.BaseUrl;
                var attemptStart = Stopwatch.GetTimestamp();
                var outcome = await UpstreamAttempt.SendAsync(runtime, context, upstream, payload, lease, config.Routing, deadline);

                if (outcome.Response is null)
                {
                    if (clientGone.IsCancellationRequested)
                    {
                        plan.ReportAbandoned(index);
                        record.ClientAborted = true;
                        record.UpstreamBaseUrl = upstream.BaseUrl;
                        record.Finish(499, "client went away before the upstream answered");
                        return;
                    }

                    lastError = outcome.Error;
                    plan.ReportFailure(index, null, outcome.Error!, null);
                    record.AddAttempt(upstream.BaseUrl, null, outcome.Error, attemptStart);
                    if (deadline.Passed)
                    {
                        break;
                    }

                    continue;
                }

                var response = outcome.Response;
                var status = (int)response.StatusCode;
                if (FailureClassifier.IsFailoverStatus(status))
                {
                    var retryAfter = FailureClassifier.ParseRetryAfter(RetryAfterHeader(response), runtime.Clock.GetUtcNow());
                    plan.ReportFailure(index, status, $"HTTP {status}", retryAfter);
                    record.AddAttempt(upstream.BaseUrl, status, null, attemptStart);
                    if (!isLast && !deadline.Passed)
                    {
                        fallback?.Dispose();
                        fallback = await CapturedResponse.CaptureAsync(response, clientGone);
                        lastError = $"HTTP {status}";
                        continue;
                    }

                    fallback?.Dispose();
                    fallback = null;
                    await RelayAsync(context, response, plan, index, upstream, record, alreadyCounted: true);
                    return;
                }

                if (record.Attempts is not null)
                {
                    record.AddAttempt(upstream.BaseUrl, status, null, attemptStart);
                    runtime.Counters.Failover();
                }

                await RelayAsync(context, response, plan, index, upstream, record, alreadyCounted: false);
                return;
            }

            if (fallback is not null)
            {
                record.UpstreamBaseUrl = lastUpstream;
                await fallback.WriteToAsync(context.Response, clientGone);
                record.Finish(fallback.Status, lastError);
                fallback = null;
                return;
            }

            var message = candidates.Count == 0
                ? "no upstream to try"
                : $"upstream {lastUpstream} failed: {lastError}";
            await ErrorResponses.WriteAsync(context.Response, StatusCodes.Status502BadGateway, "codex-helper: " + message, lastUpstream, clientGone);
            record.UpstreamBaseUrl = lastUpstream;
            record.Finish(StatusCodes.Status502BadGateway, lastError ?? message);
        }
        finally
        {
            fallback?.Dispose();
        }
    }

    private async Task RelayAsync(HttpContext context, HttpResponseMessage response, RoutePlan plan, int index, UpstreamConfig upstream, RequestRecord record, bool alreadyCounted)
    {
        using (response)
        {
            record.UpstreamBaseUrl = upstream.BaseUrl;
            var status = (int)response.StatusCode;
            var result = await ResponseRelay.CopyAsync(context, response, runtime.Configs.Current.Routing, record);
            record.Usage = result.Usage;
            switch (result.Outcome)
            {
                case RelayOutcome.Completed:
                    if (!alreadyCounted)
                    {
                        if (status >= 400 && status < 500)
                        {
                            plan.ReportNeutral(index, status);
                        }
                        else if (status >= 500)
                        {
                            plan.ReportFailure(index, status, $"HTTP {status}", null);
                        }
                        else
                        {
                            plan.ReportSuccess(index, status);
                        }
                    }

                    record.Finish(status, null);
                    break;
                case RelayOutcome.ClientAborted:
                    if (!alreadyCounted)
                    {
                        plan.ReportAbandoned(index);
                    }

                    record.ClientAborted = true;
                    record.Finish(status, "client went away during the response");
                    break;
                default:
                    plan.ReportFailure(index, status, result.Error!, null);
                    record.Finish(status, result.Error);
                    break;
            }

        }
    }

    private static string? RetryAfterHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;

    internal static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
}

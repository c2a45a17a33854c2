using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodexHelper.ModelMapping;
using CodexHelper.RequestLog;
using CodexHelper.Routing;
using CodexHelper.Translation;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

/// <summary>
/// Step 3 of one request: tries the plan's upstreams in turn until one answers well, relays that answer, or, when
/// none does, answers with one line naming each failure. Each step is one method: skip an upstream that does not
/// serve the model, attempt one, hold a stream to its first event, relay the answer, record a failure. What an
/// outcome means is <see cref="FailoverDecision"/>'s call; a failed attempt goes on to the next upstream only while
/// the client has not seen a byte. Its async steps pool their state machines
/// (<see cref="PoolingAsyncValueTaskMethodBuilder"/>): splitting the loop into methods adds no allocation per request.
/// </summary>
internal sealed class UpstreamFailover(ProxyRuntime runtime, HttpContext context, RoutePlan plan, BodyLease lease, RequestRecord record, UpstreamBody bodies) : IDisposable
{
    private readonly RequestDeadline _deadline = RequestDeadline.After(plan.Table.Options.RequestDeadlineSecs);
    private readonly FailureSummary _failures = new();
    private CancellationToken ClientGone => context.RequestAborted;

    /// <summary>The last failed upstream answer, relayed as it is when every upstream refused the credentials.</summary>
    private CapturedResponse? _fallback;

    /// <summary>The response hook of the attempt under way (null: its answer is relayed as it is).</summary>
    private IResponseTranslator? _translator;

    private RoutedUpstream? _lastTried;
    private RoutedUpstream? _lastSkipped;

    /// <summary>Where one step leaves the request: over (the client has its answer), or on to <see cref="Next"/> (null: none left).</summary>
    private readonly record struct Step(bool Answered, RoutedUpstream? Next)
    {
        public static Step Over => new(true, null);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync()
    {
        record.Model = bodies.Model;
        var upstream = plan.Next();
        while (upstream is not null)
        {
            var step = ModelPatterns.Serves(upstream.Config.Models, bodies.ModelFor(upstream.Config)) ? await AttemptAsync(upstream) : Skip(upstream);
            if (step.Answered)
            {
                return;
            }

            upstream = step.Next;
        }

        await AnswerWithFailuresAsync();
    }

    /// <summary>Not a failure of the upstream: it never claimed this model, so its health is untouched and its probe slot freed.</summary>
    private Step Skip(RoutedUpstream upstream)
    {
        var reason = $"skipped: serves only {string.Join(", ", upstream.Config.Models!)}, not {bodies.ModelFor(upstream.Config)}";
        plan.Skip(upstream);
        record.AddSkip(upstream.BaseUrl, reason, Stopwatch.GetTimestamp());
        _failures.Add(upstream.BaseUrl, null, reason);
        _lastSkipped = upstream;
        return new Step(false, plan.Next());
    }

    /// <summary>One attempt: send, and if the answer is final (or the last there is), relay it; else record the failure.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Step> AttemptAsync(RoutedUpstream upstream)
    {
        var attemptStart = Stopwatch.GetTimestamp();
        var request = UpstreamRequest.For(context.Request, record.Wire, upstream.Config, runtime.CredentialsFor(upstream.Config), bodies, lease);
        record.UpstreamModel = request.UpstreamModel;
        _translator = request.Translator;
        var (response, result) = await UpstreamAttempt.SendAsync(runtime, request, lease, plan.Table.Options, _deadline, ClientGone);
        if (result.Outcome == AttemptOutcome.ClientAborted)
        {
            ClientLeft(upstream, result, result.Error);
            return Step.Over;
        }

        var next = FailoverDecision.For(result.Outcome).TryNext ? NextUnlessLate() : null;
        HeldStream? held = null;
        if (response is not null && next is null && StreamCommitPoint.Applies(response))
        {
            if (await HoldFirstEventAsync(upstream, response) is not { } start)
            {
                return Step.Over;
            }

            if (start.Verdict == FirstEventVerdict.Failed)
            {
                // A failure inside a 200, before the client saw a byte: as good as a 502 for failing over.
                start.Stream.Dispose();
                response.Dispose();
                response = null;
                result = new AttemptResult(AttemptOutcome.ErrorBeforeContent, result.Status, start.Reason);
                next = NextUnlessLate();
            }
            else
            {
                held = start.Stream;
            }
        }

        // The last upstream's failover status is not relayed as is: the client gets the one-line summary instead.
        if (response is not null && next is null && result.Outcome != AttemptOutcome.FailoverStatus)
        {
            return await AnswerAsync(upstream, response, result, attemptStart, held);
        }

        await RecordFailureAsync(upstream, response, result, attemptStart);
        return new Step(false, next);
    }

    private RoutedUpstream? NextUnlessLate() => _deadline.Passed ? null : plan.Next();

    /// <summary>The commit point of a streaming answer; null when the client went away meanwhile (the request is then over).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HeldStart?> HoldFirstEventAsync(RoutedUpstream upstream, HttpResponseMessage response)
    {
        try
        {
            return await StreamCommitPoint.HoldAsync(response, plan.Table.Options, ClientGone);
        }
        catch (Exception ex) when (ClientGone.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            response.Dispose();
            ClientLeft(upstream, new AttemptResult(AttemptOutcome.ClientAborted), "client went away before the upstream answered");
            return null;
        }
    }

    private void ClientLeft(RoutedUpstream upstream, AttemptResult result, string? error)
    {
        plan.Record(upstream, result);
        record.UpstreamBaseUrl = upstream.BaseUrl;
        record.Finish(499, RequestOutcome.ClientAborted, error);
    }

    /// <summary>
    /// Relays the chosen answer. Over, unless the upstream broke off before the client saw a byte of it: that is as
    /// good as no answer, so the request goes on to the next upstream.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Step> AnswerAsync(RoutedUpstream upstream, HttpResponseMessage response, AttemptResult result, long attemptStart, HeldStream? held)
    {
        _fallback?.Dispose();
        _fallback = null;
        if (await RelayAsync(upstream, response, result, attemptStart, held) is not { } broke)
        {
            return Step.Over;
        }

        context.Response.Clear();
        _failures.Add(upstream.BaseUrl, null, broke.Error);
        _lastTried = upstream;
        return new Step(false, NextUnlessLate());
    }

    /// <summary>
    /// Streams the answer to the client, then records the attempt once, with what the relay showed. Null when the
    /// request is over; the failed attempt when the upstream broke off before the client saw a byte.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptResult?> RelayAsync(RoutedUpstream upstream, HttpResponseMessage response, AttemptResult result, long attemptStart, HeldStream? held)
    {
        using (response)
        {
            var status = result.Status ?? (int)response.StatusCode;
            var relay = await ResponseRelay.CopyAsync(context, response, plan.Table.Options, record, held, _translator);
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

    /// <summary>A failed attempt, recorded against its upstream; a failed answer is kept as the fallback.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RecordFailureAsync(RoutedUpstream upstream, HttpResponseMessage? response, AttemptResult result, long attemptStart)
    {
        result = WithKeyNote(upstream, result);
        plan.Record(upstream, result);
        _lastTried = upstream;
        if (response is null)
        {
            record.AddFailedAttempt(upstream.BaseUrl, result.Status, result.Error, attemptStart);
            _failures.Add(upstream.BaseUrl, null, result.Error);
            return;
        }

        _fallback?.Dispose();
        _fallback = await CapturedResponse.CaptureAsync(response, ClientGone);
        record.AddFailedAttempt(upstream.BaseUrl, result.Status, UpstreamErrorExcerpt.Append(result.Error, _fallback.Body, KeysOf(upstream)), attemptStart);
        _failures.Add(upstream.BaseUrl, result.Status, null, FailureSummary.UpstreamMessage(_fallback.Body), UpstreamKeyCheck.MissingVariable(upstream.Config, runtime.GetEnv));
        record.Capture?.AddAttemptBody(upstream.BaseUrl, _fallback.Body);
    }

    /// <summary>No upstream answered well: one line naming each failure, in the shape the client shows best.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AnswerWithFailuresAsync()
    {
        // The upstream the log names: the last one really tried, or the last one skipped when none was.
        var last = _lastTried ?? _lastSkipped;
        record.UpstreamBaseUrl = last?.BaseUrl;
        var message = _failures.ToString();
        if (_fallback is not null && _failures.ClientStatus is 401 or 403)
        {
            // Every upstream refused the credentials: the client's own handling of that status (a ChatGPT
            // login refreshes its token on 401) needs the real answer, not our summary.
            await _fallback.WriteToAsync(context.Response, ClientGone);
            record.Finish(_fallback.Status, RequestOutcome.UpstreamError, message);
            _fallback = null;
            return;
        }

        var clientStatus = _failures.Count == 0 ? StatusCodes.Status502BadGateway : _failures.ClientStatus;
        await ErrorResponses.WriteAsync(context.Response, clientStatus, "codex-helper: " + message, last?.BaseUrl, ClientGone);
        record.Finish(clientStatus, RequestOutcome.UpstreamError, message);
    }

    /// <summary>The keys this attempt carried (ours for the upstream, or the client's own), which an error answer may echo.</summary>
    private IEnumerable<string?> KeysOf(RoutedUpstream upstream)
    {
        var ours = runtime.CredentialsFor(upstream.Config);
        var bearer = context.Request.Headers.Authorization.ToString();
        return [ours.BearerToken, ours.ApiKey, context.Request.Headers["x-api-key"].ToString(), bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearer[7..].Trim() : bearer];
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
        _ => RequestOutcome.UpstreamError,
    };

    public void Dispose() => _fallback?.Dispose();
}

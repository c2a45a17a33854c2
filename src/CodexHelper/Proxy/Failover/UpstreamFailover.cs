using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodexHelper.Configuration;
using CodexHelper.ModelMapping;
using CodexHelper.Proxy.Attempt;
using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.Judging;
using CodexHelper.Proxy.LocalAnswers;
using CodexHelper.Proxy.Relay;
using CodexHelper.Proxy.Reporting;
using CodexHelper.RequestLog;
using CodexHelper.Routing;
using CodexHelper.Translation;
using CodexHelper.Wire;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Failover;

/// <summary>
/// Steps 3–5 of one request (see <see cref="Hosting.ProxyEndpoint"/>): tries the plan's upstreams in turn until one answers well, relays that answer, or, when
/// none does, answers with one line naming each failure. Each step is one method: skip an upstream that does not
/// serve the model, attempt one, hold a stream to its first event, relay the answer, record a failure. What an
/// outcome means is <see cref="FailoverDecision"/>'s call; a failed attempt goes on to the next upstream only while
/// the client has not seen a byte. Its async steps pool their state machines
/// (<see cref="PoolingAsyncValueTaskMethodBuilder"/>): splitting the loop into methods adds no allocation per request.
/// </summary>
internal sealed class UpstreamFailover(UpstreamClient upstreams, ProxyCounters counters, HttpContext context, RoutePlan plan, RequestTimeouts timeouts, BodyLease lease, RequestRecord record, UpstreamBody bodies) : IDisposable
{
    private readonly RequestDeadline _deadline = RequestDeadline.After(timeouts.DeadlineSecs);
    private readonly AttemptLedger _attempts = new(plan, record.Capture);
    private CancellationToken ClientGone => context.RequestAborted;

    /// <summary>The last failed upstream answer, relayed as it is when every upstream refused the credentials.</summary>
    private CapturedResponse? _fallback;

    /// <summary>The response hook of the attempt under way (null: its answer is relayed as it is).</summary>
    private IResponseTranslator? _translator;

    /// <summary>Keepalives during the first-event hold, which may begin the client's response before any upstream is chosen.</summary>
    private HoldKeepalive? _holdKeepalive;

    private readonly ReasoningStateGuard _state = new(upstreams, record.Session, record.Wire);

    /// <summary>Where one step leaves the request: over (<see cref="End"/>: the client has its answer), or on to <see cref="Next"/> (null: none left).</summary>
    private readonly record struct Step(RequestEnd? End, RoutedUpstream? Next)
    {
        public static Step Over(RequestEnd end) => new(end, null);
    }

    /// <summary>How the request ended; its attempts are in <see cref="RequestEnd.Attempts"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RequestEnd> RunAsync()
    {
        record.Model = bodies.Model;
        var upstream = plan.Next();
        while (upstream is not null)
        {
            var step = ModelPatterns.Serves(upstream.Config.Models, bodies.ModelFor(upstream.Config)) ? await AttemptAsync(upstream) : Skip(upstream);
            if (step.End is { } end)
            {
                return end with { Attempts = _attempts };
            }

            upstream = step.Next;
        }

        return await AnswerWithFailuresAsync() with { Attempts = _attempts };
    }

    /// <summary>The client went away while an upstream was under way: the request ends as aborted, with the attempts so far.</summary>
    public RequestEnd ClientGoneEnd() => new(499, RequestOutcome.ClientAborted, "client went away", _attempts);

    /// <summary>Not a failure of the upstream: it never claimed this model, so its health is untouched and its probe slot freed.</summary>
    private Step Skip(RoutedUpstream upstream) =>
        Skip(upstream, $"skipped: serves only {string.Join(", ", upstream.Config.Models!)}, not {bodies.ModelFor(upstream.Config)}");

    private Step Skip(RoutedUpstream upstream, string reason)
    {
        _attempts.Write(new AttemptRecord(upstream, AttemptKind.Skipped, new AttemptResult(AttemptOutcome.NeutralStatus, null, reason), Stopwatch.GetTimestamp()));
        return new Step(null, plan.Next());
    }

    /// <summary>Steps 3 and 4, one attempt: send, judge, and if the answer is final (or the last there is), relay it; else record the failure.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Step> AttemptAsync(RoutedUpstream upstream)
    {
        var attemptStart = Stopwatch.GetTimestamp();
        if (RequestFor(upstream, out var untranslatable) is not { } request)
        {
            return Skip(upstream, untranslatable!);
        }

        var (response, result) = await UpstreamAttempt.SendAsync(upstreams, request, lease, timeouts, _deadline, ClientGone);
        if (result.Outcome == AttemptOutcome.ClientAborted)
        {
            return Step.Over(ClientLeft(upstream, result, result.Error, attemptStart));
        }

        if (response is { StatusCode: System.Net.HttpStatusCode.BadRequest } && await _state.RefusedForeignStateAsync(request, response, ClientGone))
        {
            _attempts.Write(new AttemptRecord(upstream, AttemptKind.Failed, ReasoningStateGuard.RetriedCleaned, attemptStart));
            return await AttemptAsync(upstream);
        }

        var next = FailoverDecision.For(result.Outcome).TryNext ? NextUnlessLate() : null;
        if (response is { StatusCode: System.Net.HttpStatusCode.NotFound } && record.Wire.IsTurn && request.TranslatedFrom is null && _attempts.Failures.Count == 0)
        {
            return await NoTurnEndpointAsync(upstream, response, result, attemptStart, request);
        }

        (response, result) = next is null ? WithSideAnswer(response, result, request) : (response, result);

        HeldStream? held = null;
        if (response is not null && next is null && StreamCommitPoint.Applies(response))
        {
            if (await HoldFirstEventAsync(response) is not { } start)
            {
                return Step.Over(ClientLeft(upstream, new AttemptResult(AttemptOutcome.ClientAborted), "client went away before the upstream answered", attemptStart));
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

        // The last upstream's failover status is not relayed as is: the client gets the one-line summary instead. Once
        // keepalives began the client's event stream, only another event stream can follow them.
        if (response is not null && next is null && result.Outcome != AttemptOutcome.FailoverStatus && (held is not null || !context.Response.HasStarted))
        {
            return await AnswerAsync(upstream, response, result, attemptStart, held);
        }

        await RecordFailureAsync(upstream, response, result, attemptStart);
        return new Step(null, next);
    }

    /// <summary>A relay's 404 on a client's side endpoint is answered here instead (<see cref="SideEndpoints"/>); anything else stands.</summary>
    private (HttpResponseMessage? Response, AttemptResult Result) WithSideAnswer(HttpResponseMessage? response, AttemptResult result, UpstreamRequest request)
    {
        if (response is not { StatusCode: System.Net.HttpStatusCode.NotFound } || SideEndpoints.For404(context.Request, record.Wire.Protocol, plan.Table, request.Body.Span, out var note) is not { } local)
        {
            return (response, result);
        }

        response.Dispose();
        record.TranslationDropped = [note!];
        return (local, AttemptResult.ForStatus(200, null));
    }

    /// <summary>This attempt's upstream request, noted in the record; null (and why) when the body cannot be translated for it.</summary>
    private UpstreamRequest? RequestFor(RoutedUpstream upstream, out string? untranslatable)
    {
        UpstreamRequest request;
        try
        {
            var credentials = upstreams.CredentialsFor(upstream.Config);
            request = UpstreamRequest.For(context.Request, record.Wire, upstream.Config, credentials, bodies, lease, _state.For(upstream, credentials));
        }
        catch (TranslationException ex)
        {
            // The client's body, not the upstream, is at fault: an upstream of the client's own protocol may still take it.
            untranslatable = $"skipped: the request cannot be put into {upstream.Config.ProtocolFor(record.Wire.Protocol).Title()}: {ex.Message}";
            return null;
        }

        untranslatable = null;
        record.UpstreamModel = request.UpstreamModel;
        record.UpstreamProtocol = request.Protocol;
        record.TranslationDropped = request.Dropped;
        record.StateCleaned = request.StateCleaned;
        if (request.TranslatedFrom is not null || request.StateCleaned > 0)
        {
            // The inspector shows what the upstream got: translated, or without the state it could not read.
            record.Capture?.SetTranslatedBody(request.Body.Span);
        }

        _translator = request.Translator;
        return request;
    }

    /// <summary>
    /// A 404 on the client's turn path from the first upstream tried: most often a relay that speaks another protocol. Its answer is replaced by
    /// the failure line, which says which <c>protocol</c> to set; like any 404 it moves no health and tries no other upstream.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Step> NoTurnEndpointAsync(RoutedUpstream upstream, HttpResponseMessage response, AttemptResult result, long attemptStart, UpstreamRequest request)
    {
        var serves = await ProtocolProbe.OtherProtocolAsync(upstreams.Http, upstream.BaseUrl, record.Wire.Protocol, request.Credentials, ClientGone);
        await RecordFailureAsync(upstream, response, result, attemptStart, ProtocolProbe.Hint(record.Wire.Protocol, serves));
        return new Step(null, null);
    }

    private RoutedUpstream? NextUnlessLate() => _deadline.Passed ? null : plan.Next();

    /// <summary>The commit point of a streaming answer; null when the client went away meanwhile (the request is then over).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HeldStart?> HoldFirstEventAsync(HttpResponseMessage response)
    {
        try
        {
            _holdKeepalive ??= HoldKeepalive.For(timeouts, context, record);
            return await StreamCommitPoint.HoldAsync(response, timeouts, ClientGone, _holdKeepalive, _translator);
        }
        catch (Exception ex) when (ClientGone.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            response.Dispose();
            return null;
        }
    }

    private RequestEnd ClientLeft(RoutedUpstream upstream, AttemptResult result, string? error, long attemptStart)
    {
        _attempts.Write(new AttemptRecord(upstream, AttemptKind.ClientLeft, result, attemptStart));
        record.Upstream = upstream;
        return new RequestEnd(499, RequestOutcome.ClientAborted, error);
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
        var (end, broke) = await RelayAsync(upstream, response, result, attemptStart, held);
        if (end is { } over)
        {
            return Step.Over(over);
        }

        context.Response.Clear();
        _attempts.Write(new AttemptRecord(upstream, AttemptKind.Failed, broke, attemptStart));
        return new Step(null, NextUnlessLate());
    }

    /// <summary>
    /// Streams the answer to the client, then records the attempt once, with what the relay showed: how the request
    /// ended, or (no end) the failed attempt when the upstream broke off before the client saw a byte.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(RequestEnd? End, AttemptResult Broke)> RelayAsync(RoutedUpstream upstream, HttpResponseMessage response, AttemptResult result, long attemptStart, HeldStream? held)
    {
        using (response)
        {
            var status = result.Status ?? (int)response.StatusCode;
            var minted = _state.ScannerFor(upstream, status);
            // Step 5: the relay.
            var relay = await ResponseRelay.CopyAsync(context, response, timeouts, record, held, _translator, minted);
            _state.Remember(upstream, minted);
            if (relay.End == RelayEnd.UpstreamBroke && !context.Response.HasStarted)
            {
                return (null, WithKeyNote(upstream, new AttemptResult(AttemptOutcome.ConnectFailed, status, "before the first byte: " + relay.Error)));
            }

            record.Upstream = upstream;
            record.Usage = relay.Usage;
            var outcome = FailoverDecision.AfterRelay(result.Outcome, relay.End);
            var final = WithKeyNote(upstream, result with { Outcome = outcome, Error = relay.Error ?? result.Error });
            _attempts.Write(new AttemptRecord(upstream, AttemptKind.Answered, final with { Status = status }, attemptStart));
            record.SessionMoved = plan.SessionMoved;
            if (_attempts.FailedOverTo(upstream))
            {
                counters.Failover();
            }

            return relay.End == RelayEnd.ClientLeft
                ? (new RequestEnd(status, RequestOutcome.ClientAborted, "client went away during the response"), default)
                : (new RequestEnd(status, LogOutcome(outcome), final.Error), default);
        }
    }

    /// <summary>A failed attempt, recorded against its upstream; a failed answer is kept as the fallback.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RecordFailureAsync(RoutedUpstream upstream, HttpResponseMessage? response, AttemptResult result, long attemptStart, string? hint = null)
    {
        result = WithKeyNote(upstream, result);
        if (response is not null)
        {
            _fallback?.Dispose();
            _fallback = null;
            try
            {
                _fallback = await CapturedResponse.CaptureAsync(response, ClientGone);
            }
            catch
            {
                // The client left while the error body was read: the attempt still counts, for its upstream and the log.
                _attempts.Write(new AttemptRecord(upstream, AttemptKind.Failed, result, attemptStart));
                throw;
            }
        }

        _attempts.Write(new AttemptRecord(upstream, AttemptKind.Failed, result, attemptStart)
        {
            Answer = response is null ? null : _fallback,
            Note = hint ?? upstreams.MissingKeyVariable(upstream.Config),
            LoggedError = _fallback is null || response is null ? null : UpstreamErrorExcerpt.Append(result.Error, _fallback.Body, KeysOf(upstream)),
        });
    }

    /// <summary>No upstream answered well: one line naming each failure, in the shape the client shows best.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RequestEnd> AnswerWithFailuresAsync()
    {
        var last = _attempts.LastHandedOut;
        record.Upstream = last;
        var failures = _attempts.Failures;
        var message = failures.ToString();
        if (context.Response.HasStarted)
        {
            await KeptAliveEnd.WriteAsync(context, record, message);
            return new RequestEnd(StatusCodes.Status200OK, RequestOutcome.UpstreamError, message);
        }

        if (_fallback is not null && failures.ClientStatus is 401 or 403)
        {
            // Every upstream refused the credentials: the client's own handling of that status (a ChatGPT
            // login refreshes its token on 401) needs the real answer, not our summary.
            var status = _fallback.Status;
            await _fallback.WriteToAsync(context.Response, ClientGone);
            _fallback = null;
            return new RequestEnd(status, RequestOutcome.UpstreamError, message);
        }

        var clientStatus = failures.Count == 0 ? StatusCodes.Status502BadGateway : failures.ClientStatus;
        if (clientStatus == StatusCodes.Status404NotFound && record.Wire.Protocol == WireProtocol.Anthropic)
        {
            // Claude Code turns a 404 into "the selected model may not exist", hiding the line; a 502 it prints as it is.
            clientStatus = StatusCodes.Status502BadGateway;
        }

        await ErrorResponses.WriteAsync(context.Response, clientStatus, "codex-helper: " + message, last?.BaseUrl, ClientGone);
        return new RequestEnd(clientStatus, RequestOutcome.UpstreamError, message);
    }

    /// <summary>The keys this attempt carried (ours for the upstream, or the client's own), which an error answer may echo.</summary>
    private IEnumerable<string?> KeysOf(RoutedUpstream upstream)
    {
        var ours = upstreams.CredentialsFor(upstream.Config);
        var bearer = context.Request.Headers.Authorization.ToString();
        return [ours.BearerToken, ours.ApiKey, context.Request.Headers["x-api-key"].ToString(), bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearer[7..].Trim() : bearer];
    }

    private AttemptResult WithKeyNote(RoutedUpstream upstream, AttemptResult result) =>
        result.Outcome is AttemptOutcome.Success or AttemptOutcome.NeutralStatus or AttemptOutcome.ClientAborted
            || upstreams.MissingKeyVariable(upstream.Config) is not { } missing
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

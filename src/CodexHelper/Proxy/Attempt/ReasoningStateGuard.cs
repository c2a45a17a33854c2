using System.Runtime.CompilerServices;
using CodexHelper.Conversations;
using CodexHelper.Proxy.Intake;
using CodexHelper.Routing;
using CodexHelper.Wire;

namespace CodexHelper.Proxy.Attempt;

/// <summary>
/// One request's side of the conversation memory (<see cref="ConversationMemory"/>): what each attempt must leave
/// out of the body, what the served answer minted, and the safety net for a refusal the memory did not foresee.
/// Kept apart from <see cref="UpstreamFailover"/>, which only asks it at those three points.
/// </summary>
/// <param name="session">The request's session (<see cref="RequestRecord.Session"/>); null: none known.</param>
internal sealed class ReasoningStateGuard(UpstreamClient upstreams, string? session, ClientWire wire)
{
    /// <summary>The attempt the safety net recorded before sending the same upstream the cleaned body.</summary>
    public static readonly AttemptResult RetriedCleaned = new(AttemptOutcome.NeutralStatus, 400, "foreign reasoning state, retried cleaned");

    /// <summary>Set once an upstream refused reasoning state it did not mint: from then on every attempt goes without any.</summary>
    private bool _cleanAll;

    private string Session => session ?? "";

    /// <summary>What an attempt on <paramref name="upstream"/> must leave out of the body: state another upstream minted, or all of it after a refusal.</summary>
    public StateFilter For(RoutedUpstream upstream, UpstreamCredentials credentials)
    {
        var known = !wire.IsTurn || _cleanAll ? null : upstreams.MintedState.For(Session);
        return known is null && !_cleanAll ? StateFilter.None : new StateFilter(known, MinterOf(upstream, credentials), _cleanAll);
    }

    /// <summary>Reads the served answer for the state it mints; null when there is none to look for (not a turn, an error, Chat).</summary>
    public MintedStateScanner? ScannerFor(RoutedUpstream upstream, int status) =>
        status < 400 && wire.IsTurn ? MintedStateScanner.For(upstream.Config.ProtocolFor(wire.Protocol)) : null;

    /// <summary>Notes what the served upstream minted in this answer, so the next turn knows where it can go.</summary>
    public void Remember(RoutedUpstream upstream, MintedStateScanner? minted)
    {
        if (minted?.Finish() is { Count: > 0 } hashes)
        {
            upstreams.MintedState.Remember(Session, MinterOf(upstream, upstreams.CredentialsFor(upstream.Config)), hashes);
        }
    }

    /// <summary>
    /// The safety net for state the memory did not know (a restart, an answer it never saw): true when this 400 says
    /// the upstream could not verify reasoning state from elsewhere, so the caller sends the same upstream the body
    /// without any, once (the client has seen nothing yet). Else the answer stays readable, to be relayed as it is.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> RefusedForeignStateAsync(UpstreamRequest request, HttpResponseMessage response, CancellationToken clientGone)
    {
        if (_cleanAll || !wire.IsTurn || !StateCleaner.MayCarryState(request.Body.Span, request.Protocol) || response.Content.Headers.ContentLength > ForeignStateError.MaxBytes)
        {
            return false;
        }

        try
        {
            // Buffered, so the answer can still be relayed as it is when it is about something else.
            await response.Content.LoadIntoBufferAsync(ForeignStateError.MaxBytes, clientGone);
            if (!ForeignStateError.Is(await response.Content.ReadAsByteArrayAsync(clientGone)))
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !clientGone.IsCancellationRequested)
        {
            return false;
        }

        response.Dispose();
        _cleanAll = true;
        return true;
    }

    private ulong MinterOf(RoutedUpstream upstream, UpstreamCredentials credentials) =>
        MinterId.Of(upstream.Config.ProtocolFor(wire.Protocol), upstream.BaseUrl, credentials.BearerToken, credentials.ApiKey);
}

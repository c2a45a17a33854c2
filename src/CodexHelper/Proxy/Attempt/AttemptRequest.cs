using CodexHelper.Configuration;
using CodexHelper.Conversations;
using CodexHelper.Proxy.Intake;
using CodexHelper.Wire;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Attempt;

/// <summary>Step 3a: what one attempt sends (<see cref="UpstreamRequest"/>), made from the client request for one upstream.</summary>
internal static class AttemptRequest
{
    /// <summary>
    /// Step 3a: the upstream request of one attempt. A turn for an upstream that speaks another protocol is
    /// translated (throws <see cref="TranslationException"/> when the body cannot be); every other request, and
    /// every request to an upstream of the client's own protocol, goes as the client sent it. Before either, a turn
    /// loses the provider-bound state <paramref name="state"/> says this upstream cannot read (see <see cref="StateCleaner"/>).
    /// Codex's compaction goes to the relay as it is unless it is emulated there (<see cref="CompactionRequests"/>):
    /// <paramref name="compactionRefused"/> says why a relay that refused one before cannot compact.
    /// </summary>
    public static UpstreamRequest For(HttpRequest client, ClientWire wire, UpstreamConfig upstream, UpstreamCredentials credentials, UpstreamBody bodies, BodyLease lease, StateFilter state = default, string? compactionRefused = null)
    {
        var body = bodies.For(upstream, lease, out var upstreamModel);
        var protocol = upstream.ProtocolFor(wire.Protocol);
        var cleaned = wire.IsTurn ? StateCleaner.Clean(body, wire.Protocol, protocol, state) : CleanedBody.Untouched(body);
        var compaction = CompactionRequests.KindOf(client, wire, cleaned.Body.Span);
        var emulate = CompactionRequests.Emulates(upstream, wire.Protocol, compactionRefused);
        var request = compaction == CompactionKind.Endpoint && emulate
            ? CompactionRequests.Endpoint(upstream, client.Headers, credentials, cleaned.Body, upstreamModel, protocol, compactionRefused)
            : (wire.IsTurn && wire.Protocol == WireProtocol.Responses && protocol == wire.Protocol
                ? CompactionRequests.Inline(client, upstream, credentials, cleaned.Body, upstreamModel, protocol, emulate, compactionRefused)
                : null)
                ?? UpstreamRequest.For(client, wire, upstream, credentials, cleaned.Body, upstreamModel, protocol);
        request = emulate || compaction == CompactionKind.None ? request : request with { NativeCompaction = compaction };
        return cleaned.Removed == 0 ? request : request with { StateCleaned = cleaned.Removed };
    }
}

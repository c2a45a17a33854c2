using System.Collections.Concurrent;
using CodexHelper.Configuration;

namespace CodexHelper.Proxy.Attempt;

/// <summary>
/// The Responses relays that refused a native compaction (an error status before anything reached the client), so
/// that every later compaction on them goes straight to the emulation instead of failing first. In memory only:
/// a restart, or a relay that learned to compact, asks again. Keyed by base URL (the same relay under two configs is
/// the same relay).
/// </summary>
internal sealed class CompactionMemory
{
    private readonly ConcurrentDictionary<string, string> _refused = new(StringComparer.Ordinal);

    /// <summary>Why this upstream cannot compact (e.g. <c>HTTP 404 to /responses/compact</c>); null: it has not refused.</summary>
    public string? RefusedBy(UpstreamConfig upstream) => _refused.TryGetValue(upstream.BaseUrl, out var why) ? why : null;

    public void Remember(UpstreamConfig upstream, string why) => _refused[upstream.BaseUrl] = why;

    /// <summary>
    /// Whether <paramref name="status"/> on a native compaction says the relay cannot compact: a 4xx about the request
    /// (not credentials, payment, a timeout, a too-large body or a rate limit, which an emulation would meet as well)
    /// or 501. A 404 or 405 on a <c>/responses</c> turn means no turn endpoint at all, not a compaction problem.
    /// </summary>
    public static bool Refuses(int status, CompactionKind kind) => kind switch
    {
        CompactionKind.Endpoint => status is 501 or (>= 400 and < 500 and not (401 or 402 or 403 or 407 or 408 or 413 or 429)),
        CompactionKind.Inline => status is 501 or (>= 400 and < 500 and not (401 or 402 or 403 or 404 or 405 or 407 or 408 or 413 or 429)),
        _ => false,
    };
}

using CodexHelper.Routing;
using CodexHelper.TokenCounts;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Relay;

/// <summary>How step 5 ended, the usage read from the upstream's bytes, and why it broke off (null when it did not).</summary>
internal readonly record struct RelayResult(RelayEnd End, TokenUsage? Usage, string? Error)
{
    /// <summary>
    /// When the client already has part of the answer the failure cannot be replayed elsewhere: end the
    /// client's connection abruptly (no terminating chunk) so it knows the turn failed instead of taking a
    /// truncated stream for a complete one. When it has nothing yet, the caller may still try another upstream.
    /// </summary>
    public static RelayResult Cut(HttpContext context, UsageScanner scanner, string error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
        }

        return new RelayResult(RelayEnd.UpstreamBroke, scanner.Finish(), error);
    }
}

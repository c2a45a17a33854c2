using CodexHelper.Routing;
using CodexHelper.TokenCounts;

namespace CodexHelper.Proxy.Relay;

/// <summary>How step 4 ended, the usage read from the upstream's bytes, and why it broke off (null when it did not).</summary>
internal readonly record struct RelayResult(RelayEnd End, TokenUsage? Usage, string? Error);

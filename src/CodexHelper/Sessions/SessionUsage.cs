using System.Globalization;
using System.Text.Json.Serialization;
using CodexHelper.Pricing;

namespace CodexHelper.Sessions;

/// <summary>
/// Tokens and dollars of one session, from the request log (<c>proxy</c>: exact, multipliers applied) or,
/// for sessions that never went through the proxy, from what the client wrote in its session file
/// (<c>session_file</c>: official prices). <see cref="CostUsd"/> covers the priced requests only and is null
/// when none could be priced; <see cref="UnpricedRequests"/> says how many were left out.
/// </summary>
internal sealed record SessionUsage
{
    public const string FromProxy = "proxy";
    public const string FromSessionFile = "session_file";

    [JsonPropertyName("source")] public string Source { get; init; } = FromSessionFile;
    [JsonPropertyName("requests")] public long Requests { get; init; }
    [JsonPropertyName("input_tokens")] public long InputTokens { get; init; }
    [JsonPropertyName("cached_input_tokens")] public long CachedInputTokens { get; init; }
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; init; }
    [JsonPropertyName("cost_usd")][JsonIgnore(Condition = JsonIgnoreCondition.Never)] public decimal? CostUsd { get; init; }
    [JsonPropertyName("unpriced_requests")] public long UnpricedRequests { get; init; }

    /// <summary>One line for people: "in 1,234 (cached 200) out 56, $0.0123 (proxy)".</summary>
    public string Describe()
    {
        var n = CultureInfo.InvariantCulture;
        var cost = CostUsd is null && UnpricedRequests > 0 ? "cost unknown (no price for the model)" : Money.Format(CostUsd, UnpricedRequests);
        var cached = CachedInputTokens > 0 ? $" (cached {CachedInputTokens.ToString("#,0", n)})" : "";
        return $"in {InputTokens.ToString("#,0", n)}{cached} out {OutputTokens.ToString("#,0", n)}, {cost}  [{Source}, {Requests.ToString(n)} request{(Requests == 1 ? "" : "s")}]";
    }
}

using CodexHelper.Configuration;
using CodexHelper.Pricing;
using CodexHelper.TokenCounts;

namespace CodexHelper.Proxy.Reporting;

/// <summary>
/// The cost of one proxied request: the upstream's own prices when it has them, else the price book's
/// price times the upstream's <c>price_multiplier</c>. Null when there is no price. Priced against the upstream that
/// served, never one found again by base_url: two upstreams on one relay may differ in key and price.
/// </summary>
internal static class RequestCost
{
    // One book per config object: a reload brings new dictionaries, so stale books simply fall away.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Dictionary<string, ModelPrice>, PriceBook> OwnBooks = new();

    /// <param name="upstreamModel">The name the upstream's <c>model_map</c> sent: what the relay bills, so priced first when it has a price; else <paramref name="model"/>.</param>
    public static decimal? For(PriceBook prices, UpstreamConfig? upstream, string? model, TokenUsage usage, string? upstreamModel = null) =>
        (upstreamModel is null ? null : Priced(prices, upstream, upstreamModel, usage)) ?? Priced(prices, upstream, model, usage);

    private static decimal? Priced(PriceBook prices, UpstreamConfig? upstream, string? model, TokenUsage usage)
    {
        if (upstream?.Prices is { Count: > 0 } own && OwnBooks.GetValue(own, static t => new PriceBook(t)).Find(model) is { } ownMatch)
        {
            // A relay's own prices are what it charges: no multiplier on top.
            return CostCalculator.Cost(usage, ownMatch.Price);
        }

        return prices.Find(model) is { } match
            ? CostCalculator.Cost(usage, match.Price, upstream?.PriceMultiplier ?? 1m)
            : null;
    }
}

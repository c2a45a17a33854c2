namespace CodexHelper.Pricing;

/// <summary>Bounds that catch typos (a price in dollars per token, a multiplier of 30 instead of 0.3).</summary>
internal static class PriceLimits
{
    /// <summary>The dearest model on any price page is a few hundred dollars per million tokens.</summary>
    public const decimal MaxPerMillion = 10_000m;

    /// <summary>Relays sell at a fraction of the official price, sometimes at a markup; 100x is no longer a multiplier.</summary>
    public const decimal MaxMultiplier = 100m;

    /// <summary>Null when <paramref name="multiplier"/> is a usable price multiplier.</summary>
    public static string? MultiplierProblem(decimal multiplier) =>
        multiplier < 0 ? $"price_multiplier {multiplier} is negative"
        : multiplier > MaxMultiplier ? $"price_multiplier {multiplier} is more than {MaxMultiplier} times the official price (0.3 means 30 %)"
        : null;

    /// <summary>Null when the upstream's pricing fields are usable; else what is wrong.</summary>
    public static string? UpstreamProblem(decimal? multiplier, Dictionary<string, ModelPrice>? prices)
    {
        if (multiplier is { } m && MultiplierProblem(m) is { } problem)
        {
            return problem;
        }

        foreach (var (model, price) in prices ?? [])
        {
            foreach (var value in (ReadOnlySpan<decimal?>)[price?.Input, price?.CachedInput, price?.CacheWrite5m, price?.CacheWrite1h, price?.Output])
            {
                if (value is { } v && (v < 0 || v > MaxPerMillion))
                {
                    return $"prices.{model}: {v} is not a price per million tokens between 0 and {MaxPerMillion}";
                }
            }
        }

        return null;
    }
}

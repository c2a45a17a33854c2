using CodexHelper.TokenCounts;

namespace CodexHelper.Pricing;

/// <summary>
/// Dollars for one response's tokens. Works on the normalised <see cref="TokenUsage"/>, where
/// <c>input_tokens</c> is the whole prompt for every protocol: OpenAI's cached tokens and Anthropic's cache
/// reads and writes are parts of it, so plain input = input − cached − cache writes, and each part is billed
/// at its own price. Reasoning is part of output (both providers bill it as output).
/// </summary>
internal static class CostCalculator
{
    private const decimal PerMillion = 1_000_000m;

    /// <summary>The cost, or null when the usage has tokens of a kind the price leaves unpriced.</summary>
    public static decimal? Cost(TokenUsage usage, ModelPrice price, decimal multiplier = 1m)
    {
        var writes = Math.Max(0, usage.CacheCreationInputTokens);
        var writes1h = Math.Clamp(usage.CacheCreation1hInputTokens, 0, writes);
        var writes5m = writes - writes1h;
        var cached = Math.Max(0, usage.CachedInputTokens);
        var plain = Math.Max(0, usage.InputTokens - cached - writes);
        var output = Math.Max(0, usage.OutputTokens);

        if (price.LongContext is { } tier && usage.InputTokens > tier.AboveInputTokens)
        {
            price = tier.AsModelPrice();
        }

        decimal total = 0;
        if (!Add(ref total, plain, price.Input)
            || !Add(ref total, cached, price.CachedInput)
            || !Add(ref total, writes5m, price.CacheWrite5m)
            || !Add(ref total, writes1h, price.CacheWrite1h)
            || !Add(ref total, output, price.Output))
        {
            return null;
        }

        return Math.Round(total * multiplier / PerMillion, 10, MidpointRounding.AwayFromZero);
    }

    private static bool Add(ref decimal total, long tokens, decimal? pricePerMillion)
    {
        if (tokens == 0)
        {
            return true;
        }

        if (pricePerMillion is not { } p)
        {
            return false;
        }

        total += tokens * p;
        return true;
    }
}

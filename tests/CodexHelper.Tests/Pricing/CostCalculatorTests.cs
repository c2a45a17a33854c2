using CodexHelper.Pricing;
using CodexHelper.TokenCounts;

namespace CodexHelper.Tests.Pricing;

public class CostCalculatorTests
{
    private static readonly PriceBook Book = PriceBookLoader.BuiltInOnly();

    [Fact]
    public void OpenAI_input_includes_cached_tokens_which_are_billed_at_the_cached_price()
    {
        // gpt-5: $1.25 input, $0.125 cached, $10 output per million; reasoning is part of output.
        var usage = new TokenUsage { InputTokens = 1_000_000, CachedInputTokens = 800_000, OutputTokens = 100_000, ReasoningTokens = 60_000 };

        var cost = CostCalculator.Cost(usage, Book.Find("gpt-5")!.Price);

        Assert.Equal(200_000 * 1.25m / 1e6m + 800_000 * 0.125m / 1e6m + 100_000 * 10m / 1e6m, cost);
        Assert.Equal(1.35m, cost);
    }

    [Fact]
    public void Anthropic_cache_reads_and_5m_and_1h_writes_are_billed_apart_from_plain_input()
    {
        // Normalised: input 10,000 = 1,000 plain + 6,000 cache read + 3,000 cache write (1,000 of them 1-hour).
        var usage = new TokenUsage { InputTokens = 10_000, CachedInputTokens = 6_000, CacheCreationInputTokens = 3_000, CacheCreation1hInputTokens = 1_000, OutputTokens = 2_000 };

        var cost = CostCalculator.Cost(usage, Book.Find("claude-sonnet-4-5-20250929")!.Price);

        // $3 input, $0.30 read, $3.75 5-minute write, $6 1-hour write, $15 output.
        Assert.Equal((1_000 * 3m + 6_000 * 0.30m + 2_000 * 3.75m + 1_000 * 6m + 2_000 * 15m) / 1e6m, cost);
        var allFiveMinute = CostCalculator.Cost(usage with { CacheCreation1hInputTokens = 0 }, Book.Find("claude-sonnet-4-5")!.Price);
        Assert.True(cost > allFiveMinute, "1-hour cache writes must cost more than 5-minute ones");
    }

    [Fact]
    public void The_multiplier_scales_the_cost()
    {
        var usage = new TokenUsage { InputTokens = 1_000_000, OutputTokens = 1_000_000 };
        var price = Book.Find("gpt-5")!.Price;

        Assert.Equal(11.25m, CostCalculator.Cost(usage, price));
        Assert.Equal(3.375m, CostCalculator.Cost(usage, price, 0.3m));
    }

    [Fact]
    public void Tokens_of_a_kind_without_a_price_make_the_cost_unknown_not_zero()
    {
        var noCachePrice = new ModelPrice { Input = 1, Output = 2 };

        Assert.Null(CostCalculator.Cost(new TokenUsage { InputTokens = 100, CachedInputTokens = 50, OutputTokens = 1 }, noCachePrice));
        Assert.Equal(0.000102m, CostCalculator.Cost(new TokenUsage { InputTokens = 100, OutputTokens = 1 }, noCachePrice));
    }

    [Fact]
    public void A_prompt_above_the_long_context_threshold_is_billed_at_the_long_context_prices()
    {
        var price = Book.Find("claude-sonnet-4-5")!.Price;

        Assert.Equal(200_000 * 3m / 1e6m, CostCalculator.Cost(new TokenUsage { InputTokens = 200_000 }, price));
        Assert.Equal(200_001 * 6m / 1e6m + 1_000 * 22.5m / 1e6m, CostCalculator.Cost(new TokenUsage { InputTokens = 200_001, OutputTokens = 1_000 }, price));
    }
}

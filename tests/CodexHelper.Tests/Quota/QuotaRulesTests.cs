using System.Text.Json;
using CodexHelper.Quota;

namespace CodexHelper.Tests.Quota;

public class QuotaRulesTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [InlineData("""{"monthly_budget_usd": 100, "monthly_spent_usd": 99.99}""", false)]
    [InlineData("""{"monthly_budget_usd": 100, "monthly_spent_usd": 100}""", true)]
    [InlineData("""{"monthly_budget_usd": 100, "monthly_spent_usd": 150}""", true)]
    [InlineData("""{"monthly_budget_usd": 0, "monthly_spent_usd": 150}""", false)]
    [InlineData("""{"monthly_budget_usd": "50.00", "monthly_spent_usd": "50.00"}""", true)]
    [InlineData("""{"data": {"monthly_budget_usd": 10, "monthly_spent_usd": 11}}""", true)]
    public void Budget_is_exhausted_when_spent_reaches_a_positive_budget(string json, bool exhausted) =>
        Assert.Equal(QuotaReading.Verdict(exhausted), QuotaRules.BudgetHttpJson(Json(json)) with { BalanceUsd = null });

    [Theory]
    [InlineData("""{"monthly_spent_usd": 1}""")]
    [InlineData("""{"monthly_budget_usd": "lots", "monthly_spent_usd": 1}""")]
    [InlineData("""{"monthly_budget_usd": 10}""")]
    [InlineData("""[1, 2]""")]
    public void Budget_without_its_numbers_is_a_problem(string json) => Assert.True(QuotaRules.BudgetHttpJson(Json(json)).Problem is not null);

    [Theory]
    [InlineData("""{"subscription_balance": 0, "pay_as_you_go_balance": 0}""", true)]
    [InlineData("""{"subscription_balance": -1, "pay_as_you_go_balance": 0.5}""", true)]
    [InlineData("""{"subscription_balance": 0, "pay_as_you_go_balance": 0.01}""", false)]
    [InlineData("""{"subscription_balance": 3, "pay_as_you_go_balance": 0}""", false)]
    public void Yescode_is_exhausted_when_both_balances_are_spent(string json, bool exhausted) =>
        Assert.Equal(QuotaReading.Verdict(exhausted), QuotaRules.YescodeProfile(Json(json)) with { BalanceUsd = null });

    [Fact]
    public void Yescode_without_a_balance_is_a_problem() =>
        Assert.True(QuotaRules.YescodeProfile(Json("""{"subscription_balance": 3}""")).Problem is not null);

    [Theory]
    [InlineData(10, 999, false)]
    [InlineData(10, 1000, true)]
    [InlineData(10, 2500, true)]
    [InlineData(0, 2500, false)]
    public void Openai_billing_compares_cents_with_dollars(double limitUsd, double usageCents, bool exhausted)
    {
        var reading = QuotaRules.OpenAiBilling(Json($$"""{"hard_limit_usd": {{limitUsd}}}"""), Json($$"""{"total_usage": {{usageCents}}}"""));
        Assert.Equal(QuotaReading.Verdict(exhausted), reading with { BalanceUsd = null });
    }

    [Fact]
    public void Openai_billing_without_its_numbers_is_a_problem()
    {
        Assert.True(QuotaRules.OpenAiBilling(Json("{}"), Json("""{"total_usage": 1}""")).Problem is not null);
        Assert.True(QuotaRules.OpenAiBilling(Json("""{"hard_limit_usd": 1}"""), Json("{}")).Problem is not null);
    }

    [Theory]
    [InlineData("2025-03-14T12:00:00Z", "start_date=2025-03-01&end_date=2025-03-15")]
    [InlineData("2025-01-31T23:59:59Z", "start_date=2025-01-01&end_date=2025-02-01")]
    [InlineData("2024-12-31T00:00:00Z", "start_date=2024-12-01&end_date=2025-01-01")]
    [InlineData("2025-03-01T01:00:00+05:00", "start_date=2025-02-01&end_date=2025-03-01")]
    public void Usage_window_is_this_month_up_to_tomorrow_in_utc(string now, string expected) =>
        Assert.Equal(expected, QuotaRules.OpenAiUsageQuery(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Each_kind_reports_what_is_left_for_the_dashboard()
    {
        Assert.Equal(87.5, QuotaRules.BudgetHttpJson(Json("""{"monthly_budget_usd": 100, "monthly_spent_usd": "12.5"}""")).BalanceUsd);
        Assert.Equal(4.5, QuotaRules.YescodeProfile(Json("""{"data": {"subscription_balance": 3, "pay_as_you_go_balance": 1.5}}""")).BalanceUsd);
        Assert.Equal(7.5, QuotaRules.OpenAiBilling(Json("""{"hard_limit_usd": 10}"""), Json("""{"total_usage": 250}""")).BalanceUsd);
    }
}

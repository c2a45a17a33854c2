using System.Globalization;
using System.Text.Json;

namespace CodexHelper.Quota;

/// <summary>
/// Pure judgements of balance answers. Numbers may be JSON numbers or numeric strings, at the top level or inside
/// a <c>data</c> object (relays wrap answers either way). A missing or non-numeric field is a problem, never a verdict.
/// </summary>
internal static class QuotaRules
{
    public static QuotaReading BudgetHttpJson(JsonElement root)
    {
        if (Number(root, "monthly_budget_usd") is not { } budget)
        {
            return Missing("monthly_budget_usd");
        }

        if (Number(root, "monthly_spent_usd") is not { } spent)
        {
            return Missing("monthly_spent_usd");
        }

        return QuotaReading.Verdict(budget > 0 && spent >= budget, budget - spent);
    }

    public static QuotaReading YescodeProfile(JsonElement root)
    {
        if (Number(root, "subscription_balance") is not { } subscription)
        {
            return Missing("subscription_balance");
        }

        if (Number(root, "pay_as_you_go_balance") is not { } payg)
        {
            return Missing("pay_as_you_go_balance");
        }

        return QuotaReading.Verdict(subscription + payg <= 0, subscription + payg);
    }

    /// <summary>OpenAI-compatible billing: <c>total_usage</c> is in cents, <c>hard_limit_usd</c> in dollars.</summary>
    public static QuotaReading OpenAiBilling(JsonElement subscription, JsonElement usage)
    {
        if (Number(subscription, "hard_limit_usd") is not { } limit)
        {
            return Missing("hard_limit_usd");
        }

        if (Number(usage, "total_usage") is not { } cents)
        {
            return Missing("total_usage");
        }

        return QuotaReading.Verdict(limit > 0 && cents / 100 >= limit, limit - cents / 100);
    }

    /// <summary>The usage window: this month so far (UTC), end date exclusive, as one-api/new-api expect.</summary>
    public static string OpenAiUsageQuery(DateTimeOffset now)
    {
        var today = now.UtcDateTime.Date;
        var first = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return $"start_date={first:yyyy-MM-dd}&end_date={today.AddDays(1):yyyy-MM-dd}";
    }

    private static QuotaReading Missing(string field) => QuotaReading.Failed($"answer has no numeric \"{field}\"");

    private static double? Number(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty(name, out var value) || (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out value)))
        {
            return value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) => d,
                JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
                _ => null,
            };
        }

        return null;
    }
}

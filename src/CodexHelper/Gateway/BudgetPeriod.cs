using System.Globalization;

namespace CodexHelper.Gateway;

/// <summary>The budget period a moment falls in (UTC): <c>2026-11-26</c> for day budgets, <c>2026-11</c> for month budgets.</summary>
internal static class BudgetPeriod
{
    public static string Key(string? period, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return period == "day"
            ? utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }
}

using System.Globalization;

namespace CodexHelper.Reports;

/// <summary>Turns <c>--since</c> (<c>7d</c>, <c>24h</c>, <c>30m</c>, a date or a date-time) into an instant.</summary>
internal static class UsageSince
{
    public static DateTimeOffset Parse(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var value = text.Trim();
        if (value.Equals("today", StringComparison.OrdinalIgnoreCase) || value.Equals("yesterday", StringComparison.OrdinalIgnoreCase))
        {
            // The local day as the user sees it on the wall clock, not the last 24 hours.
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            return LocalMidnight(value.Length == 5 ? today : today.AddDays(-1), zone);
        }

        if (value.Length >= 2 && char.IsAsciiLetter(value[^1])
            && double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            TimeSpan? span = char.ToLowerInvariant(value[^1]) switch
            {
                'w' => TimeSpan.FromDays(7 * amount),
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                's' => TimeSpan.FromSeconds(amount),
                _ => null,
            };
            if (span is { } s)
            {
                return now - s;
            }
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // A bare date means local midnight: "since 2026-01-05" should include that whole day as the user sees it.
            return LocalMidnight(date, zone);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var instant))
        {
            return instant;
        }

        throw new UserFacingException($"--since: cannot read \"{text}\" (use today, yesterday, 7d, 24h, 30m, 2026-01-05 or 2026-01-05T14:00)", 2);
    }

    private static DateTimeOffset LocalMidnight(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}

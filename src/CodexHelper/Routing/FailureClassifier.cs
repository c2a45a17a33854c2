using System.Globalization;

namespace CodexHelper.Routing;

/// <summary>Decides which upstream answers are the upstream's fault (try elsewhere) and how long it asked us to wait.</summary>
internal static class FailureClassifier
{
    /// <summary>Longest Retry-After we honour; a relay asking for a day would otherwise silence an upstream far past its reset.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    private static readonly string[] HttpDateFormats =
    [
        "r",                                // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'",   // obsolete RFC 850
        "ddd MMM d HH:mm:ss yyyy",          // asctime
    ];

    /// <summary>
    /// The one status rule. Failover: rate limits, timeouts, every 5xx (a relay that lacks an endpoint, 501,
    /// may have a sibling that has it) and the 401/402/403 that relays send when a key is revoked or a balance
    /// is spent. Neutral: other 4xx mean the request itself is wrong and would fail everywhere. Success: the rest.
    /// </summary>
    public static AttemptOutcome Classify(int status) => status switch
    {
        401 or 402 or 403 or 408 or 429 or >= 500 => AttemptOutcome.FailoverStatus,
        >= 400 => AttemptOutcome.NeutralStatus,
        _ => AttemptOutcome.Success,
    };

    /// <summary>
    /// Parses <c>Retry-After</c> as delta-seconds or an HTTP-date. Null when absent or unparsable; a date in
    /// the past gives zero; the result is clamped to <see cref="MaxRetryAfter"/>.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? headerValue, DateTimeOffset now)
    {
        var value = headerValue?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return Clamp(double.IsFinite(seconds) ? TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryAfter.TotalSeconds)) : MaxRetryAfter);
        }

        if (DateTimeOffset.TryParseExact(value, HttpDateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date))
        {
            return Clamp(date - now);
        }

        return null;
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
}

using System.Globalization;

namespace CodexHelper.Pricing;

/// <summary>Dollars as people read them: cents for sums that have them, more digits for fractions of a cent.</summary>
internal static class Money
{
    public static string Format(decimal usd) =>
        usd == 0 ? "$0"
        : Math.Abs(usd) >= 0.01m ? "$" + usd.ToString("#,0.00", CultureInfo.InvariantCulture)
        : "$" + usd.ToString("0.0000##", CultureInfo.InvariantCulture);

    /// <summary>A total with its caveat: "$1.23", "$1.23 + 2 unpriced", or "?" when nothing could be priced.</summary>
    public static string Format(decimal? usd, long unpriced) =>
        usd is not { } v ? (unpriced > 0 ? "? (unpriced)" : "-")
        : unpriced > 0 ? $"{Format(v)} + {unpriced} unpriced"
        : Format(v);
}

using System.Globalization;

namespace StreamingBench;

/// <summary>
/// What a translation-mode request asks the upstream for, carried in its User-Agent (the one client header a
/// translating proxy passes on): <c>chbench paced|fast DELTAS INTERVAL_MS</c>.
/// </summary>
internal sealed record WireAgent(bool Paced, int Deltas, int IntervalMs)
{
    public const string Prefix = "chbench ";

    /// <summary>The stamp written into a delta's text: the Stopwatch time it was sent.</summary>
    public const string StampText = "bench_t=";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{(Paced ? "paced" : "fast")} {Deltas} {IntervalMs}");

    public static WireAgent Parse(string agent)
    {
        var parts = agent[Prefix.Length..].Split(' ');
        return new WireAgent(parts[0] == "paced", int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    public static string Stamp(long timestamp) => string.Create(CultureInfo.InvariantCulture, $"{StampText}{timestamp}; ");
}

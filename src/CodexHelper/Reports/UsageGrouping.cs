namespace CodexHelper.Reports;

/// <summary>What <c>usage summary --by</c> groups the log lines by.</summary>
internal enum UsageGrouping
{
    Config,
    Upstream,
    Model,
    Day,
}

internal static class UsageGroupings
{
    public static UsageGrouping Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "config" => UsageGrouping.Config,
        "upstream" => UsageGrouping.Upstream,
        "model" => UsageGrouping.Model,
        "day" => UsageGrouping.Day,
        _ => throw new UserFacingException($"--by must be config, upstream, model or day, not \"{value}\"", 2),
    };

    public static string Name(this UsageGrouping by) => by switch
    {
        UsageGrouping.Upstream => "upstream",
        UsageGrouping.Model => "model",
        UsageGrouping.Day => "day",
        _ => "config",
    };
}

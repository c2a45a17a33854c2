namespace CodexHelper.Reports;

/// <summary>What <c>usage summary --by</c> groups the log lines by.</summary>
internal enum UsageGrouping
{
    Config,
    Upstream,
    Model,
    Day,
    Session,
    Project,

    /// <summary>The gateway client token's name (<c>client_token</c>).</summary>
    Token,
}

internal static class UsageGroupings
{
    public static UsageGrouping Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "config" => UsageGrouping.Config,
        "upstream" => UsageGrouping.Upstream,
        "model" => UsageGrouping.Model,
        "day" => UsageGrouping.Day,
        "session" => UsageGrouping.Session,
        "project" => UsageGrouping.Project,
        "token" => UsageGrouping.Token,
        _ => throw new UserFacingException($"--by must be config, upstream, model, day, session, project or token, not \"{value}\"", 2),
    };

    public static string Name(this UsageGrouping by) => by switch
    {
        UsageGrouping.Upstream => "upstream",
        UsageGrouping.Model => "model",
        UsageGrouping.Day => "day",
        UsageGrouping.Session => "session",
        UsageGrouping.Project => "project",
        UsageGrouping.Token => "token",
        _ => "config",
    };
}

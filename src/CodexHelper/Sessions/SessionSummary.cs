namespace CodexHelper.Sessions;

/// <summary>One line of <c>session list</c>: the same record is rendered as text and as <c>--json</c>.</summary>
internal sealed record SessionSummary(
    string Id,
    SessionSource Source,
    DateTimeOffset StartedAt,
    DateTimeOffset LastActivity,
    string? Cwd,
    string Title,
    int Turns,
    string ResumeCommand,
    string Path,
    string? Provider = null,
    string? ResumeNote = null)
{
    // Usage, flat in --json: from the request log when the session went through the proxy, else from the session file.
    public long? InputTokens { get; init; }
    public long? CachedInputTokens { get; init; }
    public long? OutputTokens { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public decimal? CostUsd { get; init; }

    public long? UnpricedRequests { get; init; }
    public long? Requests { get; init; }

    /// <summary><c>proxy</c>, <c>session_file</c>, or null when neither recorded any usage.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public string? UsageSource { get; init; }

    public SessionSummary WithUsage(SessionUsage? usage) => usage is null ? this : this with
    {
        InputTokens = usage.InputTokens,
        CachedInputTokens = usage.CachedInputTokens,
        OutputTokens = usage.OutputTokens,
        CostUsd = usage.CostUsd,
        UnpricedRequests = usage.UnpricedRequests,
        Requests = usage.Requests,
        UsageSource = usage.Source,
    };

    [System.Text.Json.Serialization.JsonIgnore]
    public SessionUsage? Usage => UsageSource is null ? null : new SessionUsage
    {
        Source = UsageSource,
        Requests = Requests ?? 0,
        InputTokens = InputTokens ?? 0,
        CachedInputTokens = CachedInputTokens ?? 0,
        OutputTokens = OutputTokens ?? 0,
        CostUsd = CostUsd,
        UnpricedRequests = UnpricedRequests ?? 0,
    };
}

using System.Text.Json.Serialization;

namespace CodexHelper.Dashboard;

/// <summary>Today's traffic from the request log (both services): by hour, by model, by upstream and by session.</summary>
internal sealed record TodayReport
{
    /// <summary>Local midnight, as milliseconds since the epoch.</summary>
    [JsonPropertyName("since_ms")] public long SinceMs { get; init; }
    [JsonPropertyName("total")] public TodayRow Total { get; init; } = new();
    /// <summary>24 entries, local hours 0–23.</summary>
    [JsonPropertyName("hours")] public IReadOnlyList<TodayRow> Hours { get; init; } = [];
    [JsonPropertyName("by_model")] public IReadOnlyList<TodayRow> ByModel { get; init; } = [];
    [JsonPropertyName("by_upstream")] public IReadOnlyList<TodayRow> ByUpstream { get; init; } = [];
    [JsonPropertyName("by_session")] public IReadOnlyList<TodayRow> BySession { get; init; } = [];
    [JsonPropertyName("sessions")] public IReadOnlyList<RecentSession> Sessions { get; init; } = [];
}

internal sealed record TodayRow
{
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("service")] public string? Service { get; init; }
    [JsonPropertyName("requests")] public long Requests { get; init; }
    [JsonPropertyName("errors")] public long Errors { get; init; }
    [JsonPropertyName("input_tokens")] public long InputTokens { get; init; }
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; init; }
    [JsonPropertyName("total_tokens")] public long TotalTokens { get; init; }
    [JsonPropertyName("cost_usd")] public decimal? CostUsd { get; init; }
    /// <summary>For session rows: the command that resumes the session.</summary>
    [JsonPropertyName("resume")] public string? Resume { get; init; }
}

/// <summary>One of the last sessions of a client, with its resume command.</summary>
internal sealed record RecentSession
{
    [JsonPropertyName("client")] public string Client { get; init; } = "";
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("title")] public string Title { get; init; } = "";
    [JsonPropertyName("cwd")] public string? Cwd { get; init; }
    [JsonPropertyName("last_activity")] public DateTimeOffset LastActivity { get; init; }
    [JsonPropertyName("turns")] public int Turns { get; init; }
    [JsonPropertyName("resume")] public string Resume { get; init; } = "";
}

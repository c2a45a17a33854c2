using System.Text.Json.Serialization;

namespace CodexHelper.Gateway;

/// <summary>One row of <c>token list</c>: everything about a token except the token.</summary>
internal sealed record TokenListItem
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("last_used")]
    public DateTimeOffset? LastUsed { get; init; }

    [JsonPropertyName("admin")]
    public bool Admin { get; init; }

    [JsonPropertyName("services")]
    public required string Services { get; init; }

    [JsonPropertyName("requests")]
    public long Requests { get; init; }

    [JsonPropertyName("period")]
    public string? Period { get; init; }

    [JsonPropertyName("spent_usd")]
    public decimal SpentUsd { get; init; }

    [JsonPropertyName("budget_usd")]
    public decimal? BudgetUsd { get; init; }
}

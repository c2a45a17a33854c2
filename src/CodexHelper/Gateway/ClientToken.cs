using System.Text.Json.Serialization;

namespace CodexHelper.Gateway;

/// <summary>
/// One entry of tokens.json. Only the SHA-256 of the token is stored: the token itself is printed once by
/// <c>token add</c> and never again.
/// </summary>
internal sealed record ClientToken
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary><c>sha256:</c> + lowercase hex of the token's UTF-8 bytes.</summary>
    [JsonPropertyName("hash")]
    public string Hash { get; init; } = "";

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>May read the status, dashboard and metrics endpoints of a gateway.</summary>
    [JsonPropertyName("admin")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Admin { get; init; }

    /// <summary><c>codex</c>, <c>claude</c> or <c>both</c>: which gateways accept the token.</summary>
    [JsonPropertyName("services")]
    public string Services { get; init; } = "both";

    [JsonPropertyName("budget_usd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? BudgetUsd { get; init; }

    /// <summary><c>day</c> or <c>month</c> (UTC): how often the budget starts again.</summary>
    [JsonPropertyName("period")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Period { get; init; }

    public bool Serves(Configuration.ServiceKind kind) =>
        Services == "both" || Services == Configuration.ServiceKinds.Name(kind);
}

/// <summary>The whole of tokens.json.</summary>
internal sealed record TokensDocument
{
    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;

    [JsonPropertyName("tokens")]
    public List<ClientToken> Tokens { get; init; } = [];
}

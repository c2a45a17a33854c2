namespace CodexHelper.Clients;

/// <summary>What config.toml says about one <c>model_providers</c> entry (built-in defaults filled in for openai).</summary>
internal sealed record CodexProvider(
    string Id,
    bool Defined,
    string? Name,
    string? BaseUrl,
    string? EnvKey,
    string? WireApi,
    bool RequiresOpenAiAuth);

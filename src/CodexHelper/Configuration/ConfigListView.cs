using System.Text.Json.Serialization;
using CodexHelper.Wire;

namespace CodexHelper.Configuration;

/// <summary>What <c>config list</c> shows, keys masked; the same record is the <c>--json</c> output.</summary>
internal sealed record ConfigListView(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("active")] string? Active,
    [property: JsonPropertyName("configs")] IReadOnlyList<ConfigView> Configs)
{
    public static ConfigListView From(HelperConfig? config, ServiceKind kind)
    {
        var section = config?.Section(kind) ?? new ServiceSection();
        // A dangling "active" is starred nowhere: the proxy refuses it rather than using another config.
        var active = ConfigValidator.DanglingActive(section, kind, "config.json") is null ? section.ActiveConfig?.Name : null;
        var configs = section.Configs.Values.Select(c => new ConfigView(
            c.Name,
            c.Alias,
            c.Name == active,
            c.Upstreams.Select((u, i) => new ConfigUpstreamView(
                i,
                u.BaseUrl,
                u.Auth.AuthToken is { Length: > 0 } t ? SecretMask.Mask(t) : null,
                u.Auth.ApiKey is { Length: > 0 } k ? SecretMask.Mask(k) : null,
                u.Auth.AuthTokenEnv,
                u.Auth.ApiKeyEnv,
                u.Tags ?? new Dictionary<string, string>())
            {
                ModelMap = u.ModelMapRules,
                Models = u.Models,
                Protocol = u.ProtocolFor(kind.ClientProtocol()).Name(),
                Translated = u.ProtocolFor(kind.ClientProtocol()) != kind.ClientProtocol(),
            }).ToList())).ToList();
        return new ConfigListView(kind.Name(), active, configs);
    }
}

internal sealed record ConfigView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("alias")] string? Alias,
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("upstreams")] IReadOnlyList<ConfigUpstreamView> Upstreams);

internal sealed record ConfigUpstreamView(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("base_url")] string BaseUrl,
    [property: JsonPropertyName("auth_token")] string? AuthToken,
    [property: JsonPropertyName("api_key")] string? ApiKey,
    [property: JsonPropertyName("auth_token_env")] string? AuthTokenEnv,
    [property: JsonPropertyName("api_key_env")] string? ApiKeyEnv,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags)
{
    [JsonPropertyName("model_map")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ModelMap { get; init; }

    [JsonPropertyName("models")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>The protocol the relay is spoken to in (its own <c>protocol</c>, else the client's).</summary>
    [JsonPropertyName("protocol")]
    public string Protocol { get; init; } = "";

    /// <summary>Whether codex-helper translates between the client's protocol and this relay's.</summary>
    [JsonPropertyName("translated")]
    public bool Translated { get; init; }

    /// <summary>One short phrase: how this upstream authenticates, never the key itself.</summary>
    [JsonIgnore]
    public string AuthSummary =>
        AuthToken is not null ? $"auth_token {AuthToken}"
        : ApiKey is not null ? $"api_key {ApiKey}"
        : AuthTokenEnv is not null ? $"auth_token from ${AuthTokenEnv}"
        : ApiKeyEnv is not null ? $"api_key from ${ApiKeyEnv}"
        : "no key (client's own auth passed through)";
}

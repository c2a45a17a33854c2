using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodexHelper.Configuration;

/// <summary>
/// config.json, version 1 (the original tool's format). Every object keeps fields it does not
/// know in <c>Extra</c>, so a file written by a newer or older tool survives a save.
/// </summary>
internal sealed class HelperConfig
{
    [JsonPropertyName("version")]
    public int Version { get; set; } = 1;

    [JsonPropertyName("codex")]
    public ServiceSection Codex { get; set; } = new();

    [JsonPropertyName("claude")]
    public ServiceSection Claude { get; set; } = new();

    [JsonPropertyName("default_service")]
    public string? DefaultService { get; set; }

    [JsonPropertyName("routing")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RoutingOptions? Routing { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>
    /// Earlier versions wrote computed properties into config.json (<c>DefaultServiceKind</c>, an <c>ActiveConfig</c>
    /// copy of the active config, <c>HasAny</c>); they are dropped on the next save, not kept as unknown fields.
    /// </summary>
    public void DropLegacyComputedFields()
    {
        Extra?.Remove("DefaultServiceKind");
        foreach (var section in new[] { Codex, Claude })
        {
            section?.Extra?.Remove("ActiveConfig");
            foreach (var config in section?.Configs.Values ?? Enumerable.Empty<ServiceConfig>())
            {
                foreach (var upstream in config?.Upstreams ?? [])
                {
                    upstream?.Auth?.Extra?.Remove("HasAny");
                }
            }
        }
    }

    public ServiceSection Section(ServiceKind kind) => kind == ServiceKind.Codex ? Codex : Claude;

    [JsonIgnore]
    public ServiceKind DefaultServiceKind => ServiceKinds.Parse(DefaultService) ?? ServiceKind.Codex;
}

internal sealed class ServiceSection
{
    [JsonPropertyName("active")]
    public string? Active { get; set; }

    [JsonPropertyName("configs")]
    public Dictionary<string, ServiceConfig> Configs { get; set; } = new(StringComparer.Ordinal);

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The active config; when <c>active</c> is unset or dangling, the first config (as the original does).</summary>
    [JsonIgnore]
    public ServiceConfig? ActiveConfig =>
        Active is not null && Configs.TryGetValue(Active, out var c) ? c : Configs.Values.FirstOrDefault();
}

internal sealed class ServiceConfig
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("alias")]
    public string? Alias { get; set; }

    [JsonPropertyName("upstreams")]
    public List<UpstreamConfig> Upstreams { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class UpstreamConfig
{
    [JsonPropertyName("base_url")]
    public string BaseUrl { get; set; } = "";

    [JsonPropertyName("auth")]
    public UpstreamAuth Auth { get; set; } = new();

    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; set; }

    /// <summary>Ordered <c>FROM=TO</c> rules: what this upstream calls the requested model.</summary>
    [JsonPropertyName("model_map")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? ModelMapRules
    {
        get => _modelMapRules;
        set
        {
            _modelMapRules = value;
            _modelMap = null;
        }
    }

    /// <summary>Models this upstream serves (names or prefixes ending in <c>*</c>); null serves all.</summary>
    [JsonPropertyName("models")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Models { get; set; }

    /// <summary>What this relay charges relative to the official price (0.3 = 30 %); null = 1.</summary>
    [JsonPropertyName("price_multiplier")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? PriceMultiplier { get; set; }

    /// <summary>The relay's own prices (same shape as prices.json's models), used as they are, before the built-in table.</summary>
    [JsonPropertyName("prices")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, Pricing.ModelPrice>? Prices { get; set; }

    /// <summary>
    /// The protocol this relay speaks (<c>responses</c>, <c>chat</c>, <c>anthropic</c>); absent = the client's own, so
    /// a config written before translation existed means what it meant.
    /// </summary>
    [JsonPropertyName("protocol")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Protocol { get; set; }

    /// <summary>
    /// Codex's compaction on this relay: <c>native</c> (asked of the relay, the default for a Responses relay) or
    /// <c>emulate</c> (a summary request; always so for a relay of another protocol, which cannot compact).
    /// </summary>
    [JsonPropertyName("compaction")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Compaction { get; set; }

    /// <summary>What a translated request to this relay needs (an output cap, no reasoning, …); null: the defaults.</summary>
    [JsonPropertyName("translation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UpstreamTranslation? Translation { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The protocol this upstream is spoken to in, for a client speaking <paramref name="client"/>.</summary>
    public Wire.WireProtocol ProtocolFor(Wire.WireProtocol client) =>
        Wire.WireProtocols.TryParse(Protocol, out var own) ? own : client;

    /// <summary>The compiled <c>model_map</c>, built once per loaded config rather than per request.</summary>
    [JsonIgnore]
    public ModelMapping.ModelMap ModelMap => _modelMap ??= ModelMapping.ModelMap.From(_modelMapRules);

    private List<string>? _modelMapRules;
    private ModelMapping.ModelMap? _modelMap;
}

/// <summary>
/// <c>auth_token</c> is sent as <c>Authorization: Bearer</c>, <c>api_key</c> as <c>x-api-key</c>.
/// The <c>*_env</c> variants name an environment variable that is read at request time, so keys
/// need not sit in config.json.
/// </summary>
internal sealed class UpstreamAuth
{
    [JsonPropertyName("auth_token")]
    public string? AuthToken { get; set; }

    [JsonPropertyName("api_key")]
    public string? ApiKey { get; set; }

    [JsonPropertyName("auth_token_env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AuthTokenEnv { get; set; }

    [JsonPropertyName("api_key_env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApiKeyEnv { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public string? ResolveAuthToken(Func<string, string?> getEnv) =>
        AuthTokenEnv is { Length: > 0 } v && getEnv(v) is { Length: > 0 } fromEnv ? fromEnv : NullIfEmpty(AuthToken);

    public string? ResolveApiKey(Func<string, string?> getEnv) =>
        ApiKeyEnv is { Length: > 0 } v && getEnv(v) is { Length: > 0 } fromEnv ? fromEnv : NullIfEmpty(ApiKey);

    [JsonIgnore]
    public bool HasAny => !string.IsNullOrEmpty(AuthToken) || !string.IsNullOrEmpty(ApiKey)
        || !string.IsNullOrEmpty(AuthTokenEnv) || !string.IsNullOrEmpty(ApiKeyEnv);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}

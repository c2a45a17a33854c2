using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodexHelper.Configuration;

/// <summary>
/// An upstream's <c>"translation"</c> object: what a relay of another protocol needs of a translated request. Every
/// field is optional; unknown ones are kept when the file is rewritten.
/// </summary>
internal sealed class UpstreamTranslation
{
    /// <summary>Cap on the output tokens asked for: Claude Code asks for 64000, which many chat models refuse.</summary>
    [JsonPropertyName("max_output_tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxOutputTokens { get; set; }

    /// <summary>False: never send a reasoning effort or thinking budget (models without reasoning answer 400 to it).</summary>
    [JsonPropertyName("reasoning")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Reasoning { get; set; }

    /// <summary>False: do not send <c>stream_options.include_usage</c> to a Chat relay that rejects it (usage is then unknown).</summary>
    [JsonPropertyName("stream_usage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? StreamUsage { get; set; }

    /// <summary>True: name the cap <c>max_completion_tokens</c>, as OpenAI's reasoning models want.</summary>
    [JsonPropertyName("max_completion_tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? MaxCompletionTokens { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

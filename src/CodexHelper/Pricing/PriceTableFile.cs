using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodexHelper.Pricing;

/// <summary>
/// The shape of the built-in prices.json and of the user's ~/.codex-helper/prices.json: where the facts
/// come from, when they were taken, and one <see cref="ModelPrice"/> per model name or <c>*</c> pattern.
/// </summary>
internal sealed class PriceTableFile
{
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    [JsonPropertyName("date")]
    public string? Date { get; set; }

    [JsonPropertyName("unit")]
    public string? Unit { get; set; }

    [JsonPropertyName("models")]
    public Dictionary<string, ModelPrice>? Models { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

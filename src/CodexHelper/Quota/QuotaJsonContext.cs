using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodexHelper.Quota;

/// <summary>The whole of usage_providers.json.</summary>
internal sealed class UsageProvidersDocument
{
    [JsonPropertyName("providers")] public List<UsageProvider>? Providers { get; set; }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(UsageProvidersDocument))]
internal sealed partial class QuotaJsonContext : JsonSerializerContext;

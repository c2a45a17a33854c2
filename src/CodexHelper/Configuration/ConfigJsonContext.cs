using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodexHelper.Configuration;

/// <summary>Source-generated serialisation for config.json (no reflection, AOT-safe).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(HelperConfig))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;

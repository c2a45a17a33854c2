using System.Text.Json;
using System.Text.Json.Serialization;
using CodexHelper.Configuration;

namespace CodexHelper.Serialization;

/// <summary>Source-generated serialisation for config.json (no reflection, AOT-safe).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(HelperConfig))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;

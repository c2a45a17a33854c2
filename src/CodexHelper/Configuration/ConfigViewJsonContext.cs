using System.Text.Json.Serialization;

namespace CodexHelper.Configuration;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ConfigListView))]
[JsonSerializable(typeof(DefaultServiceView))]
internal sealed partial class ConfigViewJsonContext : JsonSerializerContext;

/// <summary><c>default --json</c>.</summary>
internal sealed record DefaultServiceView([property: JsonPropertyName("default_service")] string DefaultService);

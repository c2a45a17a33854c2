using System.Text.Json.Serialization;

namespace CodexHelper.Clients;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SwitchStateFile))]
[JsonSerializable(typeof(SwitchStatus))]
internal sealed partial class ClientsJsonContext : JsonSerializerContext;

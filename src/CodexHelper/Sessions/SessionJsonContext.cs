using System.Text.Json.Serialization;

namespace CodexHelper.Sessions;

/// <summary>Source-generated JSON for <c>session … --json</c> and <c>session export --format json</c>.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SessionSummary))]
[JsonSerializable(typeof(IReadOnlyList<SessionSummary>))]
[JsonSerializable(typeof(SessionTranscript))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;

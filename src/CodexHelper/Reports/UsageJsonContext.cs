using System.Text.Json.Serialization;

namespace CodexHelper.Reports;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(UsageSummary))]
internal sealed partial class UsageJsonContext : JsonSerializerContext;

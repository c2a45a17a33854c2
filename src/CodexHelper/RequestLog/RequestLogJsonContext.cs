using System.Text.Json.Serialization;

namespace CodexHelper.RequestLog;

/// <summary>Compact, source-generated serialisation of log lines (one object per line).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(RequestLogEntry))]
internal sealed partial class RequestLogJsonContext : JsonSerializerContext;

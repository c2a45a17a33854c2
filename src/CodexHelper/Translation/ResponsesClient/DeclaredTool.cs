using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>A callable tool the client declared, with the name the upstream knows it by and what to describe it with.</summary>
internal sealed record DeclaredTool(ClientTool Tool, string UpstreamName, string? Description, JsonElement? Parameters, bool? Strict);

namespace CodexHelper.Configuration;

/// <summary>The two clients codex-helper fronts. Each has its own section, port and wire protocol.</summary>
internal enum ServiceKind
{
    Codex,
    Claude,
}

internal static class ServiceKinds
{
    public const int CodexDefaultPort = 3211;
    public const int ClaudeDefaultPort = 3210;

    public static string Name(this ServiceKind kind) => kind == ServiceKind.Codex ? "codex" : "claude";

    public static int DefaultPort(this ServiceKind kind) => kind == ServiceKind.Codex ? CodexDefaultPort : ClaudeDefaultPort;

    /// <summary>The protocol this service's client speaks: Codex → Responses, Claude Code → Anthropic Messages.</summary>
    public static Wire.WireProtocol ClientProtocol(this ServiceKind kind) =>
        kind == ServiceKind.Codex ? Wire.WireProtocol.Responses : Wire.WireProtocol.Anthropic;

    public static ServiceKind? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "codex" => ServiceKind.Codex,
        "claude" => ServiceKind.Claude,
        _ => null,
    };
}

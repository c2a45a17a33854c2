namespace CodexHelper.Translation;

/// <summary>How a client declared a tool, so a call the upstream makes can be handed back in the client's own form.</summary>
internal enum ClientToolKind
{
    /// <summary>A JSON-schema function tool (both clients).</summary>
    Function,

    /// <summary>A Responses freeform tool (Codex's <c>apply_patch</c>): called with raw text, answered as <c>custom_tool_call</c>.</summary>
    Custom,
}

/// <summary>A tool as the client named it: its name, the Responses <c>namespace</c> it sits in (or null), its kind.</summary>
internal readonly record struct ClientTool(string Name, string? Namespace, ClientToolKind Kind);

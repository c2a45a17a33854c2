using System.Text.Json.Serialization;

namespace CodexHelper.Sessions;

/// <summary>Which client wrote a session: decides where its files live and how it is resumed.</summary>
internal enum SessionSource
{
    [JsonStringEnumMemberName("codex")]
    Codex,
    [JsonStringEnumMemberName("claude")]
    Claude,
}

internal static class SessionSourceExtensions
{
    public static string DisplayName(this SessionSource source) =>
        source == SessionSource.Claude ? "Claude Code" : "Codex";

    public static string ResumeCommand(this SessionSource source, string id) =>
        source == SessionSource.Claude ? $"claude --resume {id}" : $"codex resume {id}";
}

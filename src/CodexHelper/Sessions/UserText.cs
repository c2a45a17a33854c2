using System.Text;

namespace CodexHelper.Sessions;

/// <summary>
/// Pure rules about user-role text: which of it the client injected (instructions, environment
/// context, command wrappers) rather than the person typed, and how a message becomes a one-line title.
/// </summary>
internal static class UserText
{
    public const int TitleLength = 80;

    // Codex injects these as user-role messages at the start of a session (and again after compaction).
    private static readonly string[] CodexInjectedPrefixes =
    [
        "<environment_context>",
        "<user_instructions>",
        "# AGENTS.md instructions",
        "<INSTRUCTIONS>",
        "<user_shell_command>",
        "<turn_aborted>",
    ];

    // Claude Code wraps slash commands and their local output in user records.
    private static readonly string[] ClaudeInjectedPrefixes =
    [
        "<command-name>",
        "<command-message>",
        "<command-args>",
        "<local-command-stdout>",
        "<local-command-stderr>",
        "<system-reminder>",
        "Caveat:",
    ];

    public static bool IsInjected(string text, SessionSource source)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty)
        {
            return true;
        }

        foreach (var prefix in source == SessionSource.Claude ? ClaudeInjectedPrefixes : CodexInjectedPrefixes)
        {
            if (trimmed.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whitespace (newlines included) collapsed to single spaces, cut to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string OneLine(string text, int max = TitleLength)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max + 1));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
            if (builder.Length > max)
            {
                break;
            }
        }

        if (builder.Length <= max)
        {
            return builder.ToString();
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(builder[cut - 1]))
        {
            cut--;
        }

        return builder.ToString(0, cut).TrimEnd() + "…";
    }
}

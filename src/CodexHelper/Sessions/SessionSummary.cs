namespace CodexHelper.Sessions;

/// <summary>One line of <c>session list</c>: the same record is rendered as text and as <c>--json</c>.</summary>
internal sealed record SessionSummary(
    string Id,
    SessionSource Source,
    DateTimeOffset StartedAt,
    DateTimeOffset LastActivity,
    string? Cwd,
    string Title,
    int Turns,
    string ResumeCommand,
    string Path,
    string? Provider = null,
    string? ResumeNote = null);

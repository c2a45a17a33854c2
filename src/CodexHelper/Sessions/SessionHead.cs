namespace CodexHelper.Sessions;

/// <summary>What the first bytes of a session file tell: enough to filter by directory and sort.</summary>
internal sealed record SessionHead(SessionFile File, string Id, DateTimeOffset StartedAt, string? Cwd, string? Provider = null);

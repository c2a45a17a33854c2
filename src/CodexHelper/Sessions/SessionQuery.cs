namespace CodexHelper.Sessions;

/// <summary>Which sessions to list: those related to <see cref="Directory"/> (null = every directory), at most <see cref="Limit"/>.</summary>
internal sealed record SessionQuery(string? Directory, int Limit);

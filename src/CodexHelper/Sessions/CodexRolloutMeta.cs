namespace CodexHelper.Sessions;

/// <summary>What a rollout's first record says about its session (any may be missing).</summary>
internal readonly record struct CodexRolloutMeta(string? Id, DateTimeOffset? Timestamp, string? Cwd, string? Provider = null);

namespace CodexHelper.Sessions;

/// <summary>
/// A session file as the directory listing shows it. <see cref="NameId"/> is the id the file name
/// carries (Codex: the uuid at the end of <c>rollout-…-uuid.jsonl</c>; Claude: the file stem), used to
/// find a session by id without opening every file.
/// </summary>
public readonly record struct SessionFile(string Path, DateTimeOffset LastWriteUtc, long Length, string NameId);

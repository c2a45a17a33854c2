namespace CodexHelper.Sessions;

/// <summary>
/// A session file as the directory listing shows it. <see cref="NameId"/> is the id the file name
/// carries (Codex: the uuid at the end of <c>rollout-…-uuid.jsonl</c>; Claude: the file stem), used to
/// find a session by id without opening every file.
/// Deliberately no size or mtime: a stat per file is most of a listing's cost at 20,000 files, so
/// those are read only for the few files that match (<see cref="LastWrite"/>).
/// </summary>
internal readonly record struct SessionFile(string Path, string NameId)
{
    public DateTimeOffset LastWrite() => File.GetLastWriteTimeUtc(Path);
}

namespace CodexHelper.Files;

/// <summary>What tells us a file changed: whether it exists, its modification time and its size.</summary>
internal readonly record struct FileStamp(bool Exists, long LastWriteTicks, long Length)
{
    public static FileStamp Missing => default;

    /// <summary>Equal to no real stamp: whatever the file looks like next, it counts as changed.</summary>
    public static FileStamp Unknown => new(false, 0, -1);

    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(true, info.LastWriteTimeUtc.Ticks, info.Length) : Missing;
    }
}

namespace CodexHelper.Clients;

/// <summary>
/// An exclusive lock between codex-helper processes (FileShare.None takes an OS-level lock on Unix
/// and Windows alike). The lock file is never deleted: deleting it would let two processes each lock
/// a different file of the same name.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream stream;

    private FileLock(FileStream stream) => this.stream = stream;

    public static FileLock Acquire(string path, TimeSpan timeout, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                Thread.Sleep(25);
            }
            catch (IOException)
            {
                throw new UserFacingException($"another codex-helper is changing the client files (lock {path} held for {timeout.TotalSeconds:0}s); try again");
            }
        }
    }

    public void Dispose() => stream.Dispose();
}

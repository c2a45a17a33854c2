using System.Runtime.InteropServices;

namespace CodexHelper.Commands;

/// <summary>
/// Writes to a Unix file descriptor with plain <c>write(2)</c>, so every write goes where the descriptor's shared
/// offset is. Not a FileStream: on a regular file it keeps a position of its own and writes with <c>pwrite</c> at it,
/// which overwrites what the shell (or the other of stdout/stderr, after <c>2&gt;&amp;1</c>) wrote meanwhile.
/// Not the Console streams either: they switch a terminal to keypad mode (see <see cref="CliContext"/>).
/// </summary>
internal sealed class FileDescriptorStream(int fd) : Stream
{
    private const int EIntr = 4;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var written = write(fd, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr)
            {
                continue;
            }

            if (errno == (OperatingSystem.IsMacOS() ? 35 : 11))
            {
                // EAGAIN: someone made the descriptor non-blocking (a shared terminal); wait for room rather than lose output.
                Thread.Sleep(1);
                continue;
            }

            throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
    }

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint write(int fd, ref byte buffer, nuint count);
}

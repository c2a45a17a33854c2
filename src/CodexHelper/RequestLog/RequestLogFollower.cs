using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace CodexHelper.RequestLog;

/// <summary>
/// Yields lines appended to the request log after it was opened (<c>usage tail --follow</c>), polling it.
/// Survives rotation: the open handle keeps reading the renamed file to its end, and a different file at
/// the path (recognised by its first bytes, or by being shorter than what was read) is then followed from its start.
/// </summary>
internal sealed class RequestLogFollower(string path, TimeSpan? pollInterval = null, TimeProvider? clock = null)
{
    private const int HeadBytes = 128;
    private readonly TimeSpan _poll = pollInterval ?? TimeSpan.FromMilliseconds(250);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>New complete lines, starting at the current end of the file, until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<string> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var followed = Followed.Open(path, fromEnd: true);
        try
        {
            var pending = new List<string>();
            while (!cancellationToken.IsCancellationRequested)
            {
                followed?.Drain(pending);
                if (Rotated(followed))
                {
                    followed?.Drain(pending);
                    followed?.Dispose();
                    followed = Followed.Open(path, fromEnd: false);
                    followed?.Drain(pending);
                }

                foreach (var line in pending)
                {
                    yield return line;
                }

                pending.Clear();
                try
                {
                    await Task.Delay(_poll, _clock, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
        finally
        {
            followed?.Dispose();
        }
    }

    private bool Rotated(Followed? followed)
    {
        if (!File.Exists(path))
        {
            return false; // between rotation's rename and the writer's next line: keep reading the old handle
        }

        if (followed is null)
        {
            return true; // the file appeared
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            if (probe.Length < followed.Position)
            {
                return true;
            }

            if (followed.Head.Length == 0)
            {
                return false;
            }

            Span<byte> head = stackalloc byte[HeadBytes];
            var n = probe.ReadAtLeast(head[..followed.Head.Length], followed.Head.Length, throwOnEndOfStream: false);
            return !head[..n].SequenceEqual(followed.Head);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private sealed class Followed : IDisposable
    {
        private readonly FileStream _stream;
        private byte[] _carry = [];

        private Followed(FileStream stream) => _stream = stream;

        /// <summary>The first bytes of the file: its identity, since rotation renames files and starts new ones.</summary>
        public byte[] Head { get; private set; } = [];

        public long Position => _stream.Position;

        public static Followed? Open(string path, bool fromEnd)
        {
            try
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                var followed = new Followed(stream);
                followed.ReadHead();
                if (fromEnd)
                {
                    stream.Seek(0, SeekOrigin.End);
                }

                return followed;
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
        }

        private void ReadHead()
        {
            var position = _stream.Position;
            var head = new byte[HeadBytes];
            _stream.Position = 0;
            var n = _stream.ReadAtLeast(head, HeadBytes, throwOnEndOfStream: false);
            Head = head[..n];
            _stream.Position = position;
        }

        /// <summary>Reads to the current end, adding complete lines; a partial last line waits for its newline.</summary>
        public void Drain(List<string> lines)
        {
            if (Head.Length < HeadBytes)
            {
                ReadHead(); // the file was shorter than the identity prefix; grow it as the file grows
            }

            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int read;
                while ((read = _stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    var data = _carry.Length == 0 ? buffer.AsSpan(0, read) : Concat(_carry, buffer.AsSpan(0, read));
                    int newline;
                    while ((newline = data.IndexOf((byte)'\n')) >= 0)
                    {
                        var line = data[..newline].TrimEnd((byte)'\r');
                        if (!line.IsEmpty)
                        {
                            lines.Add(Encoding.UTF8.GetString(line));
                        }

                        data = data[(newline + 1)..];
                    }

                    _carry = data.ToArray();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static Span<byte> Concat(byte[] first, ReadOnlySpan<byte> second)
        {
            var joined = new byte[first.Length + second.Length];
            first.CopyTo(joined, 0);
            second.CopyTo(joined.AsSpan(first.Length));
            return joined;
        }

        public void Dispose() => _stream.Dispose();
    }
}

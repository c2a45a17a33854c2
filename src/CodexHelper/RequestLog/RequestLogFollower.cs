using System.Runtime.CompilerServices;
using System.Text;
using CodexHelper.Files;

namespace CodexHelper.RequestLog;

/// <summary>
/// Yields lines appended to the request log after the follower was created (<c>usage tail --follow</c>), polling it.
/// The file is opened, at its end, in the constructor: a caller that creates the follower, prints the tail and
/// then follows loses no line written in between. Survives rotation: the open handle keeps reading the renamed
/// file to its end, and a different file at the path (recognised by its first bytes, or by being shorter than
/// what was read) is then followed from its start.
/// </summary>
internal sealed class RequestLogFollower : IDisposable
{
    private const int HeadBytes = 128;
    private readonly string _path;
    private readonly TimeSpan _poll;
    private readonly TimeProvider _clock;
    private Followed? _followed;

    public RequestLogFollower(string path, TimeSpan? pollInterval = null, TimeProvider? clock = null)
    {
        _path = path;
        _poll = pollInterval ?? TimeSpan.FromMilliseconds(250);
        _clock = clock ?? TimeProvider.System;
        _followed = Followed.Open(path, fromEnd: true);
    }

    /// <summary>New complete lines since the constructor ran, until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<string> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new List<string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            _followed?.Drain(pending);
            if (Rotated(_followed))
            {
                _followed?.Drain(pending);
                _followed?.Dispose();
                _followed = Followed.Open(_path, fromEnd: false);
                _followed?.Drain(pending);
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

    public void Dispose() => _followed?.Dispose();

    private bool Rotated(Followed? followed)
    {
        if (!File.Exists(_path))
        {
            return false; // between rotation's rename and the writer's next line: keep reading the old handle
        }

        if (followed is null)
        {
            return true; // the file appeared
        }

        try
        {
            using var probe = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
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
        private readonly JsonlLineReader _lines;

        private Followed(FileStream stream)
        {
            _stream = stream;
            _lines = new JsonlLineReader(stream, following: true);
        }

        /// <summary>The first bytes of the file: its identity, since rotation renames files and starts new ones.</summary>
        public byte[] Head { get; private set; } = [];

        public long Position => _stream.Position;

        public static Followed? Open(string path, bool fromEnd)
        {
            try
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                if (fromEnd)
                {
                    stream.Seek(0, SeekOrigin.End);
                }

                var followed = new Followed(stream);
                followed.ReadHead();
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

            while (_lines.TryReadLine(out var line))
            {
                if (!line.IsEmpty)
                {
                    lines.Add(Encoding.UTF8.GetString(line.Span));
                }
            }
        }

        public void Dispose()
        {
            _lines.Dispose();
            _stream.Dispose();
        }
    }
}

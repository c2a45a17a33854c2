namespace CodexHelper.Files;

/// <summary>
/// The one JSONL line splitter (request log, its reports and follower, session files): lines over one pooled
/// window, a returned line valid only until the next call, a trailing '\r' removed, blank lines returned as
/// empty. Reading a whole file, the last line is returned even without its newline (a half-written record
/// is the parser's problem, which skips it). Following a growing file (<paramref name="following"/>), a last
/// line without its newline is held back and completed by later calls, which read on from where the file ended.
/// </summary>
internal sealed class JsonlLineReader(Stream stream, bool following = false, int bufferBytes = 64 * 1024) : IDisposable
{
    private const int MaxLineBytes = 512 * 1024 * 1024;
    private readonly PooledWindow _window = new(MaxLineBytes, bufferBytes);

    // How far into the window's bytes the newline search already looked.
    private int _scanned;
    private bool _eof;

    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var newline = _window.Span[_scanned..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var stop = _scanned + newline;
                line = Trim(_window.Memory[..stop]);
                _window.Consume(stop + 1);
                _scanned = 0;
                return true;
            }

            _scanned = _window.Length;
            if (_eof)
            {
                if (following)
                {
                    _eof = false; // the writer may append more: the next call reads again
                    line = default;
                    return false;
                }

                if (_window.Length > 0)
                {
                    line = Trim(_window.Memory);
                    _window.Consume(_window.Length);
                    _scanned = 0;
                    return true;
                }

                line = default;
                return false;
            }

            FillMore();
        }
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;

    private void FillMore()
    {
        var free = _window.FreeSpace();
        if (free.IsEmpty)
        {
            throw new InvalidDataException("line too long");
        }

        var read = stream.Read(free.Span);
        if (read == 0)
        {
            _eof = true;
        }

        _window.Commit(read);
    }

    public void Dispose() => _window.Release();
}

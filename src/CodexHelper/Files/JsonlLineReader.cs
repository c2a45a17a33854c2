using System.Buffers;

namespace CodexHelper.Files;

/// <summary>
/// The one JSONL line splitter (request log, its reports and follower, session files): lines over one pooled
/// buffer, a returned line valid only until the next call, a trailing '\r' removed, blank lines returned as
/// empty. Reading a whole file, the last line is returned even without its newline (a half-written record
/// is the parser's problem, which skips it). Following a growing file (<paramref name="following"/>), a last
/// line without its newline is held back and completed by later calls, which read on from where the file ended.
/// </summary>
internal sealed class JsonlLineReader(Stream stream, bool following = false, int bufferBytes = 64 * 1024) : IDisposable
{
    private const int MaxLineBytes = 512 * 1024 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(bufferBytes);
    private int _start;
    private int _end;
    private int _scanned;
    private bool _eof;

    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var stop = _scanned + newline;
                line = Trim(_start, stop);
                _start = _scanned = stop + 1;
                return true;
            }

            _scanned = _end;
            if (_eof)
            {
                if (following)
                {
                    _eof = false; // the writer may append more: the next call reads again
                    line = default;
                    return false;
                }

                if (_start < _end)
                {
                    line = Trim(_start, _end);
                    _start = _scanned = _end;
                    return true;
                }

                line = default;
                return false;
            }

            FillMore();
        }
    }

    private ReadOnlyMemory<byte> Trim(int from, int to)
    {
        if (to > from && _buffer[to - 1] == (byte)'\r')
        {
            to--;
        }

        return _buffer.AsMemory(from, to - from);
    }

    private void FillMore()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _scanned -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                throw new InvalidDataException("line too long");
            }

            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

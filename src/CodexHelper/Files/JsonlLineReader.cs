using System.Buffers;

namespace CodexHelper.Files;

/// <summary>
/// Splits a JSONL stream into lines over one pooled buffer. A returned line is only valid until the
/// next call. The last line is returned even without its newline (a half-written record is the
/// parser's problem, which skips it).
/// </summary>
internal sealed class JsonlLineReader(Stream stream) : IDisposable
{
    private const int MaxLineBytes = 512 * 1024 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
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

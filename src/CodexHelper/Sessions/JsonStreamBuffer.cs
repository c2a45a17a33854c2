using System.Buffers;
using System.Text.Json;

namespace CodexHelper.Sessions;

/// <summary>
/// A pooled, growable window over a stream for incremental <see cref="Utf8JsonReader"/> parsing:
/// callers parse what is buffered, hand back how far they got, and ask for more. Lets a head reader
/// stop after the few fields it needs instead of loading a 30 KB first line.
/// </summary>
internal sealed class JsonStreamBuffer(Stream? stream, int initialSize, int maxSize) : IDisposable
{
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _handle;
    private long _offset;

    /// <summary>Reads a file by position: one open and one pread for a typical head, no FileStream.</summary>
    public JsonStreamBuffer(Microsoft.Win32.SafeHandles.SafeFileHandle handle, int initialSize, int maxSize)
        : this((Stream?)null, initialSize, maxSize) => _handle = handle;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    private int _start;
    private int _end;

    public bool EndOfStream { get; private set; }
    public JsonReaderState State { get; private set; }

    public Utf8JsonReader CreateReader() => new(_buffer.AsSpan(_start, _end - _start), EndOfStream, State);

    /// <summary>Starts a new reader state (used before the first read).</summary>
    public void Reset(JsonReaderOptions options) => State = new JsonReaderState(options);

    public void Advance(long consumed, JsonReaderState state)
    {
        _start += (int)consumed;
        State = state;
    }

    /// <summary>Reads more bytes; false when the stream is exhausted or the window may not grow further.</summary>
    public bool Fill()
    {
        if (EndOfStream)
        {
            return false;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxSize)
            {
                return false;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, maxSize));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = _handle is not null
            ? RandomAccess.Read(_handle, _buffer.AsSpan(_end), _offset)
            : stream!.Read(_buffer, _end, _buffer.Length - _end);
        _offset += read;
        if (read == 0)
        {
            EndOfStream = true;
        }

        _end += read;
        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

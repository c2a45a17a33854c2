using System.Text.Json;
using CodexHelper.Files;

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

    private readonly PooledWindow _window = new(maxSize, initialSize);

    public bool EndOfStream { get; private set; }
    public JsonReaderState State { get; private set; }

    public Utf8JsonReader CreateReader() => new(_window.Span, EndOfStream, State);

    /// <summary>Starts a new reader state (used before the first read).</summary>
    public void Reset(JsonReaderOptions options) => State = new JsonReaderState(options);

    public void Advance(long consumed, JsonReaderState state)
    {
        _window.Consume((int)consumed);
        State = state;
    }

    /// <summary>Reads more bytes; false when the stream is exhausted or the window may not grow further.</summary>
    public bool Fill()
    {
        if (EndOfStream)
        {
            return false;
        }

        var free = _window.FreeSpace();
        if (free.IsEmpty)
        {
            return false;
        }

        var read = _handle is not null
            ? RandomAccess.Read(_handle, free.Span, _offset)
            : stream!.Read(free.Span);
        _offset += read;
        if (read == 0)
        {
            EndOfStream = true;
        }

        _window.Commit(read);
        return true;
    }

    public void Dispose() => _window.Release();
}

using System.Buffers;

namespace CodexHelper.Files;

/// <summary>
/// The one rent-and-grow byte buffer (SSE usage scanning, JSON bodies, JSONL lines, session heads): a window
/// <c>[Start, End)</c> over an array rented from <see cref="ArrayPool{T}"/>, consumed from the front, filled at the
/// back, grown by doubling but never past <c>cap</c>, so a hostile or broken input (one endless line or token)
/// costs at most <c>cap</c> bytes instead of unbounded memory. Consuming moves an index; the bytes left are moved
/// to the front only when room is needed at the back. Not <see cref="IDisposable"/>: owners call <see cref="Release"/>
/// when they are done (a scanner is reused until its response ends).
/// </summary>
internal sealed class PooledWindow(int cap, int initialSize = 4096)
{
    private byte[] _array = [];
    private int _start;
    private int _end;

    /// <summary>How many unconsumed bytes the window holds.</summary>
    public int Length => _end - _start;

    public ReadOnlySpan<byte> Span => _array.AsSpan(_start, _end - _start);

    /// <summary>The unconsumed bytes as memory; valid until the window next moves or grows.</summary>
    public ReadOnlyMemory<byte> Memory => _array.AsMemory(_start, _end - _start);

    /// <summary>Appends, or returns false (leaving the window unchanged) when the cap would be exceeded.</summary>
    public bool TryAppend(ReadOnlySpan<byte> bytes)
    {
        if ((long)Length + bytes.Length > cap)
        {
            return false;
        }

        EnsureFree(bytes.Length);
        bytes.CopyTo(_array.AsSpan(_end));
        _end += bytes.Length;
        return true;
    }

    /// <summary>
    /// Room at the back to read into: the bytes left are moved to the front, and a full window grows. Empty when
    /// the window is full at its cap.
    /// </summary>
    public Memory<byte> FreeSpace()
    {
        if (_start > 0)
        {
            Compact();
        }

        if (_end == _array.Length && Length < cap)
        {
            // Full of unconsumed bytes: double (an empty window rents its initial size).
            EnsureFree(Math.Max(1, Math.Min(_array.Length, cap - Length)));
        }

        // The pool may hand out a bigger array than asked for: the cap still holds.
        return _array.AsMemory(_end, Math.Min(_array.Length - _end, cap - Length));
    }

    /// <summary>Marks <paramref name="count"/> bytes written into <see cref="FreeSpace"/> as held.</summary>
    public void Commit(int count) => _end += count;

    /// <summary>Drops the first <paramref name="count"/> unconsumed bytes.</summary>
    public void Consume(int count)
    {
        _start += Math.Min(count, Length);
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    public void Clear() => _start = _end = 0;

    /// <summary>Gives the array back to the pool; the window stays usable (it rents again on demand).</summary>
    public void Release()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = [];
        _start = _end = 0;
    }

    private void EnsureFree(int needed)
    {
        if (_array.Length - _end >= needed)
        {
            return;
        }

        if (_array.Length - Length >= needed)
        {
            Compact();
            return;
        }

        // Double (at least), but never rent far past the cap.
        var want = (long)Length + needed;
        var size = (int)Math.Max(Math.Max(initialSize, want), Math.Min((long)_array.Length * 2, cap));
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        Span.CopyTo(bigger);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _end = Length;
        _start = 0;
        _array = bigger;
    }

    private void Compact()
    {
        Span.CopyTo(_array);
        _end = Length;
        _start = 0;
    }
}

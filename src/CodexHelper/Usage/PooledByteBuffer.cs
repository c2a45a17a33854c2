using System.Buffers;

namespace CodexHelper.Usage;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}"/> with a hard cap, so a hostile or broken
/// upstream (one endless line, one endless token) costs at most <c>cap</c> bytes instead of unbounded memory.
/// </summary>
internal sealed class PooledByteBuffer(int cap)
{
    private const int InitialSize = 4096;
    private byte[] _array = [];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, _length);

    /// <summary>Appends, or returns false (leaving the buffer unchanged) when the cap would be exceeded.</summary>
    public bool TryAppend(ReadOnlySpan<byte> bytes)
    {
        var needed = (long)_length + bytes.Length;
        if (needed > cap)
        {
            return false;
        }

        if (needed > _array.Length)
        {
            Grow((int)needed);
        }

        bytes.CopyTo(_array.AsSpan(_length));
        _length = (int)needed;
        return true;
    }


    /// <summary>Drops the first <paramref name="count"/> bytes, keeping the rest.</summary>
    public void DropPrefix(int count)
    {
        if (count >= _length)
        {
            _length = 0;
            return;
        }

        _array.AsSpan(count, _length - count).CopyTo(_array);
        _length -= count;
    }

    public void Clear() => _length = 0;

    /// <summary>Gives the array back to the pool; the buffer stays usable (it rents again on demand).</summary>
    public void Release()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = [];
        _length = 0;
    }

    private void Grow(int needed)
    {
        // Double (at least), but never rent far past the cap.
        var size = Math.Max(Math.Max(InitialSize, needed), (int)Math.Min((long)_array.Length * 2, cap));
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(0, _length).CopyTo(bigger);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = bigger;
    }
}

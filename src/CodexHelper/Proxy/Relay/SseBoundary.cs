using CodexHelper.Wire;

namespace CodexHelper.Proxy.Relay;

/// <summary>
/// Whether the bytes relayed so far end between two SSE events (a blank line, with LF, CRLF or CR line ends),
/// from their last four bytes, kept in a field so tracking a chunk allocates nothing.
/// </summary>
internal struct SseBoundary
{
    private uint _tail;
    private int _count;

    public readonly bool AtEventEnd
    {
        get
        {
            Span<byte> tail = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tail, _tail);
            return SseLines.EndsAtEventEnd(tail[(4 - _count)..]);
        }
    }

    public void Track(ReadOnlySpan<byte> chunk)
    {
        var take = chunk[Math.Max(0, chunk.Length - 4)..];
        foreach (var b in take)
        {
            _tail = (_tail << 8) | b;
        }

        _count = Math.Min(4, _count + take.Length);
    }
}

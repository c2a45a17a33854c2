namespace CodexHelper.Proxy;

/// <summary>Whether the bytes relayed so far end between two SSE events (a blank line), from their last two bytes (LF streams; a CRLF stream counts as mid-event and is cut).</summary>
internal struct SseBoundary
{
    private byte _last;
    private byte _beforeLast;

    public readonly bool AtEventEnd => _last == (byte)'\n' && _beforeLast == (byte)'\n';

    public void Track(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= 2)
        {
            _beforeLast = chunk[^2];
            _last = chunk[^1];
        }
        else if (chunk.Length == 1)
        {
            _beforeLast = _last;
            _last = chunk[0];
        }
    }
}

namespace CodexHelper.Proxy.Relay;

/// <summary>
/// Reads a native compaction's answer for a <c>compaction</c> item (the JSON string
/// <c>"compaction"</c>, which no text content can hold unescaped), for <see cref="CompactionProbe"/>.
/// </summary>
internal sealed class CompactionWatch(Stream inner) : ForwardReadStream
{
    private static ReadOnlySpan<byte> Marker => "\"compaction\""u8;

    /// <summary>The end of the previous chunk, so a marker split between two reads is still seen.</summary>
    private readonly byte[] _carry = new byte[11];
    private int _carried;

    /// <summary>Whether a compaction item went by.</summary>
    public bool SawItem { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Scan(buffer.Span[..n]);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private void Scan(ReadOnlySpan<byte> chunk)
    {
        if (SawItem || chunk.IsEmpty)
        {
            return;
        }

        Span<byte> seam = stackalloc byte[_carry.Length * 2];
        var head = chunk[..Math.Min(chunk.Length, _carry.Length)];
        _carry.AsSpan(0, _carried).CopyTo(seam);
        head.CopyTo(seam[_carried..]);
        SawItem = seam[..(_carried + head.Length)].IndexOf(Marker) >= 0 || chunk.IndexOf(Marker) >= 0;
        var tail = chunk[Math.Max(0, chunk.Length - _carry.Length)..];
        if (tail.Length < _carry.Length)
        {
            // A short chunk: what was carried before it still borders the next one.
            var keep = Math.Min(_carried, _carry.Length - tail.Length);
            _carry.AsSpan(_carried - keep, keep).CopyTo(_carry);
            tail.CopyTo(_carry.AsSpan(keep));
            _carried = keep + tail.Length;
        }
        else
        {
            tail.CopyTo(_carry);
            _carried = tail.Length;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}

namespace CodexHelper.Proxy.Relay;

/// <summary>
/// A stream the relay reads once from start to end (an upstream body, held or watched on its way): no seeking, no
/// writing, no length. The streams wrapped around an upstream's body share this, so each one holds only its reads.
/// </summary>
internal abstract class ForwardReadStream : Stream
{
    public sealed override bool CanRead => true;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => false;
    public sealed override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public sealed override void Flush() { }
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public sealed override long Length => throw new NotSupportedException();
}

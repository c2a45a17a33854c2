using System.Net;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// The request body sent to one upstream, holding the <see cref="BodyLease"/> until HttpClient has finished
/// writing it (or never started). Replayed as is on the next upstream after a failure.
/// </summary>
internal sealed class LeasedBodyContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly BodyLease _lease;
    private int _started;
    private int _released;

    public LeasedBodyContent(ReadOnlyMemory<byte> body, BodyLease lease)
    {
        _body = body;
        _lease = lease;
        lease.Enter();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _started, 1);
        try
        {
            await stream.WriteAsync(_body, cancellationToken);
        }
        finally
        {
            Release();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Volatile.Read(ref _started) == 0)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _lease.Exit();
        }
    }
}

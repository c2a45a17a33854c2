using System.Buffers;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// Owns the pooled buffers that hold one request's body (as read, and as filtered) and returns them to the
/// pool only when nothing can read them any more. An upstream may answer before it has read the whole body;
/// HttpClient then keeps sending it in the background, so "the request is over" is not the same as "the
/// buffer is free". Returning it early would let another request's bytes reach an upstream.
/// </summary>
internal sealed class BodyLease
{
    private readonly PooledBody _body;
    private byte[]? _filtered;
    private List<byte[]>? _extra;
    private int _holders = 1; // the request itself

    public BodyLease(PooledBody body) => _body = body;

    /// <summary>A second buffer (the filter's output) to return together with the body.</summary>
    public void Adopt(byte[]? filtered) => _filtered = filtered;

    /// <summary>
    /// More buffers (an upstream's model-mapped copy of the body) to return with the body. Only the request adds
    /// them, before it exits, so they are all in the list by the time the last holder leaves.
    /// </summary>
    public void AdoptExtra(byte[] rented) => (_extra ??= []).Add(rented);

    public void Enter() => Interlocked.Increment(ref _holders);

    public void Exit()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            _body.Dispose();
            if (Interlocked.Exchange(ref _filtered, null) is { } array)
            {
                ArrayPool<byte>.Shared.Return(array);
            }

            foreach (var extra in Interlocked.Exchange(ref _extra, null) ?? [])
            {
                ArrayPool<byte>.Shared.Return(extra);
            }
        }
    }
}

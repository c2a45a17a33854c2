using System.Threading.Channels;

namespace CodexHelper.Dashboard;

/// <summary>
/// One connected page (or <c>top</c>): a bounded queue of ready-made SSE frames. When the viewer does not keep up,
/// new frames are dropped and counted instead of waiting, so a paused browser tab never slows a request.
/// </summary>
internal sealed class DashboardViewer(int capacity)
{
    private readonly Channel<byte[]> _frames = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = false,
    });

    private long _dropped;

    public ChannelReader<byte[]> Frames => _frames.Reader;

    /// <summary>Frames dropped since the last call (the viewer is told how many).</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    public void Offer(byte[] frame)
    {
        if (!_frames.Writer.TryWrite(frame))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>An event this viewer will not get (the hub skipped it for everyone).</summary>
    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public void Close() => _frames.Writer.TryComplete();
}

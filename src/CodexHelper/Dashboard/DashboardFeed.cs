using CodexHelper.Configuration;
using CodexHelper.Proxy.Intake;
using CodexHelper.RequestLog;

namespace CodexHelper.Dashboard;

/// <summary>
/// The last few hundred requests of this proxy, for the feed a new viewer starts with and for the inspector.
/// A ring: the oldest entry (and its captured bodies) is forgotten when a new one arrives. Memory only: the
/// opt-in disk capture (<see cref="CaptureWriter"/>) writes the same <see cref="Inspection"/> itself.
/// </summary>
internal sealed class DashboardFeed(SecretScrubber? scrubber = null, int capacity = DashboardFeed.DefaultCapacity)
{
    public const int DefaultCapacity = 300;

    private readonly Lock _gate = new();
    private readonly Slot[] _ring = new Slot[capacity];
    private long _nextId;

    private readonly record struct Slot(long Id, RequestLogEntry Entry, RequestCapture? Capture);

    /// <summary>Stores the request and returns its id (ids only grow).</summary>
    public long Add(RequestLogEntry entry, RequestCapture? capture)
    {
        lock (_gate)
        {
            var id = ++_nextId;
            _ring[id % _ring.Length] = new Slot(id, entry, capture);
            return id;
        }
    }

    public IReadOnlyList<FeedItem> Recent(int count)
    {
        lock (_gate)
        {
            var items = new List<FeedItem>(Math.Min(count, _ring.Length));
            for (var id = _nextId; id > 0 && id > _nextId - _ring.Length && items.Count < count; id--)
            {
                var slot = _ring[id % _ring.Length];
                items.Add(FeedItem.From(slot.Id, slot.Entry, slot.Capture is not null));
            }

            items.Reverse();
            return items;
        }
    }

    public RequestInspection? Inspect(long id)
    {
        Slot slot;
        lock (_gate)
        {
            if (id <= 0 || id > _nextId || id <= _nextId - _ring.Length)
            {
                return null;
            }

            slot = _ring[id % _ring.Length];
        }

        return Inspection(slot.Id, slot.Entry, slot.Capture, _scrubber);
    }

    private readonly SecretScrubber _scrubber = scrubber ?? SecretScrubber.PatternsOnly;

    /// <summary>What the inspector shows of one request, keys in the bodies masked as well as in the headers.</summary>
    public static RequestInspection Inspection(long id, RequestLogEntry entry, RequestCapture? capture, SecretScrubber scrubber)
    {
        var item = FeedItem.From(id, entry, capture is not null);
        if (capture is not { } c)
        {
            return new RequestInspection { Request = item, Captured = false };
        }

        return new RequestInspection
        {
            Request = item,
            Captured = true,
            Headers = [.. c.Headers.Select(h => new[] { h.Key, h.Value })],
            RequestBody = scrubber.Scrub(Text(c.RequestBody)),
            RequestBodyBytes = c.RequestBodyLength,
            RequestBodyTruncated = c.RequestBodyLength > c.RequestBody.Length,
            ResponseHead = scrubber.Scrub(Text(c.ResponseHead)),
            TranslatedBody = c.TranslatedBody is { } translated ? scrubber.Scrub(Text(translated)) : null,
            AttemptBodies = [.. c.AttemptBodies.Select(a => new[] { a.Key, scrubber.Scrub(a.Value)! })],
        };
    }

    // Cut bodies may end inside a UTF-8 sequence; the decoder turns that into a replacement character.
    private static string Text(ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}

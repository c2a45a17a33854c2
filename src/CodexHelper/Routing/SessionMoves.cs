namespace CodexHelper.Routing;

/// <summary>
/// The last few <see cref="SessionMove"/>s, newest first, for <c>status</c> and the dashboard; the log keeps them all.
/// A fixed ring: a proxy whose sessions move all day holds no more than <see cref="Capacity"/>. Not thread-safe, the
/// router's lock guards it.
/// </summary>
internal sealed class SessionMoves
{
    public const int Capacity = 20;

    private readonly SessionMove[] _ring = new SessionMove[Capacity];
    private int _next;
    private int _count;

    /// <summary>Every move noted since the proxy started, including those the ring has let go.</summary>
    public long Total { get; private set; }

    public void Add(SessionMove move)
    {
        _ring[_next] = move;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
        Total++;
    }

    public IReadOnlyList<SessionMove> Newest()
    {
        var list = new SessionMove[_count];
        for (var i = 0; i < _count; i++)
        {
            list[i] = _ring[(_next - 1 - i + Capacity) % Capacity];
        }

        return list;
    }
}

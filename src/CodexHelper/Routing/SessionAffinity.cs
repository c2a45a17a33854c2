namespace CodexHelper.Routing;

/// <summary>
/// Which upstream served each client session's last turn: the prompt cache and the reasoning state live there, so
/// the session goes back to it while it is healthy, even when a higher-priority upstream is fine again. Bounded in
/// sessions (least recently served first out) and forgotten after an idle spell; not thread-safe, the router's lock
/// guards it. Lost on restart without harm: the session then starts again from the priority order.
/// </summary>
internal sealed class SessionAffinity(int maxSessions = SessionAffinity.DefaultMaxSessions, TimeSpan? idleExpiry = null)
{
    public const int DefaultMaxSessions = 4096;
    public static readonly TimeSpan DefaultIdleExpiry = TimeSpan.FromMinutes(30);

    private readonly TimeSpan _idleExpiry = idleExpiry ?? DefaultIdleExpiry;
    private readonly Dictionary<string, LinkedListNode<Entry>> _sessions = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new();

    /// <summary>The base_url that served <paramref name="session"/> last, unless it has been idle past the expiry.</summary>
    public string? For(string session, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(session, out var node))
        {
            return null;
        }

        if (now - node.Value.LastServed <= _idleExpiry)
        {
            return node.Value.BaseUrl;
        }

        Forget(node);
        return null;
    }

    /// <summary>Notes that <paramref name="baseUrl"/> served <paramref name="session"/>'s turn now.</summary>
    public void Served(string session, string baseUrl, DateTimeOffset now)
    {
        if (_sessions.TryGetValue(session, out var node))
        {
            _lru.Remove(node);
        }

        node = _lru.AddFirst(new Entry(session, baseUrl, now));
        _sessions[session] = node;
        while (_sessions.Count > maxSessions)
        {
            Forget(_lru.Last!);
        }
    }

    /// <summary>Sessions seen within the idle expiry; the expired ones are let go on the way (they sit at the old end).</summary>
    public int Pinned(DateTimeOffset now)
    {
        while (_lru.Last is { } oldest && now - oldest.Value.LastServed > _idleExpiry)
        {
            Forget(oldest);
        }

        return _sessions.Count;
    }

    public void Clear()
    {
        _sessions.Clear();
        _lru.Clear();
    }

    private void Forget(LinkedListNode<Entry> node)
    {
        _lru.Remove(node);
        _sessions.Remove(node.Value.Session);
    }

    private sealed record Entry(string Session, string BaseUrl, DateTimeOffset LastServed);
}

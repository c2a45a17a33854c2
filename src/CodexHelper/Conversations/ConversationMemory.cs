namespace CodexHelper.Conversations;

/// <summary>
/// Which upstream minted which piece of a conversation's provider-bound state, per client session, learned from the
/// answers the proxy relayed. Bounded three ways (sessions, items per session, estimated bytes), least recently used
/// session first out; it lives in memory only, so a restart forgets it and the 400 safety net covers what it forgot.
/// Thread-safe: every request of every session goes through one instance.
/// </summary>
internal sealed class ConversationMemory(int maxSessions = ConversationMemory.DefaultMaxSessions, int maxItemsPerSession = ConversationMemory.DefaultMaxItemsPerSession, long maxBytes = ConversationMemory.DefaultMaxBytes)
{
    public const int DefaultMaxSessions = 1024;
    public const int DefaultMaxItemsPerSession = 4096;
    public const long DefaultMaxBytes = 8L * 1024 * 1024;

    // Rough cost of one remembered item (two dictionary entries and a queue slot) and of one session's own tables.
    internal const int ItemBytes = 64;
    internal const int SessionBytes = 512;

    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<SessionState>> _sessions = new(StringComparer.Ordinal);
    private readonly LinkedList<SessionState> _lru = new();
    private long _bytes;

    /// <summary>Notes that <paramref name="minter"/> made each of <paramref name="hashes"/> in <paramref name="session"/>.</summary>
    public void Remember(string session, ulong minter, IReadOnlyCollection<ulong> hashes)
    {
        if (hashes.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var node = Touch(session, create: true)!;
            var state = node.Value;
            var before = state.Count;
            foreach (var hash in hashes)
            {
                state.Add(hash, minter, maxItemsPerSession);
            }

            _bytes += (long)(state.Count - before) * ItemBytes;
            while (_lru.Count > 0 && (_sessions.Count > maxSessions || _bytes > maxBytes))
            {
                Evict(_lru.Last!);
            }
        }
    }

    /// <summary>What is known of <paramref name="session"/>'s state; null when nothing is (a new session, or one forgotten).</summary>
    public SessionOrigins? For(string session)
    {
        lock (_gate)
        {
            return Touch(session, create: false) is { } node ? new SessionOrigins(this, node.Value) : null;
        }
    }

    internal ulong? MinterOf(SessionState state, ulong hash)
    {
        lock (_gate)
        {
            return state.MinterOf(hash);
        }
    }

    internal bool HasOtherThan(SessionState state, ulong minter)
    {
        lock (_gate)
        {
            return state.HasOtherThan(minter);
        }
    }

    private LinkedListNode<SessionState>? Touch(string session, bool create)
    {
        if (_sessions.TryGetValue(session, out var node))
        {
            _lru.Remove(node);
            _lru.AddFirst(node);
            return node;
        }

        if (!create)
        {
            return null;
        }

        node = _lru.AddFirst(new SessionState(session));
        _sessions[session] = node;
        _bytes += SessionBytes + (session.Length * 2L);
        return node;
    }

    private void Evict(LinkedListNode<SessionState> node)
    {
        _lru.Remove(node);
        _sessions.Remove(node.Value.Id);
        _bytes -= SessionBytes + (node.Value.Id.Length * 2L) + ((long)node.Value.Count * ItemBytes);
    }
}

/// <summary>One session's remembered state, read through <see cref="ConversationMemory"/>'s lock.</summary>
internal sealed class SessionOrigins(ConversationMemory memory, SessionState state)
{
    /// <summary>The minter of the item with this fingerprint; null when its origin is not known.</summary>
    public ulong? MinterOf(ulong hash) => memory.MinterOf(state, hash);

    /// <summary>Whether any remembered item was made by another upstream than <paramref name="minter"/> (else nothing needs cleaning).</summary>
    public bool HasOtherThan(ulong minter) => memory.HasOtherThan(state, minter);
}

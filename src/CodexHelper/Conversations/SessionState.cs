namespace CodexHelper.Conversations;

/// <summary>
/// One session's fingerprints and their minters, oldest first out when the session is full. Not thread-safe on its
/// own: <see cref="ConversationMemory"/> holds its lock around every call.
/// </summary>
internal sealed class SessionState(string id)
{
    private readonly Dictionary<ulong, ulong> _minterOf = [];
    private readonly Dictionary<ulong, int> _perMinter = [];
    private readonly Queue<ulong> _order = new();

    public string Id { get; } = id;

    public int Count => _minterOf.Count;

    public void Add(ulong hash, ulong minter, int max)
    {
        if (_minterOf.TryGetValue(hash, out var known))
        {
            if (known != minter)
            {
                Uncount(known);
                _minterOf[hash] = minter;
                _perMinter[minter] = _perMinter.GetValueOrDefault(minter) + 1;
            }

            return;
        }

        while (_minterOf.Count >= max && _order.TryDequeue(out var oldest))
        {
            if (_minterOf.Remove(oldest, out var gone))
            {
                Uncount(gone);
            }
        }

        _minterOf[hash] = minter;
        _order.Enqueue(hash);
        _perMinter[minter] = _perMinter.GetValueOrDefault(minter) + 1;
    }

    public ulong? MinterOf(ulong hash) => _minterOf.TryGetValue(hash, out var minter) ? minter : null;

    public bool HasOtherThan(ulong minter)
    {
        foreach (var key in _perMinter.Keys)
        {
            if (key != minter)
            {
                return true;
            }
        }

        return false;
    }

    private void Uncount(ulong minter)
    {
        var left = _perMinter[minter] - 1;
        if (left == 0)
        {
            _perMinter.Remove(minter);
        }
        else
        {
            _perMinter[minter] = left;
        }
    }
}

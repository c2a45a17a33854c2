using System.Security.Cryptography;
using CodexHelper.Configuration;

namespace CodexHelper.Gateway;

/// <summary>
/// tokens.json as a running gateway sees it: re-read within a second of a change (tokens are added and removed
/// while replicas run), the last good list kept when an edit is broken. Checking a token hashes it once and
/// compares the digest with every stored one in constant time, so timing tells nothing about which byte differed
/// or which entry matched.
/// </summary>
internal sealed class TokenStore
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly TimeProvider _clock;
    private readonly Action<string>? _warn;
    private readonly Lock _gate = new();
    private volatile Entry[] _entries = [];
    private long _lastCheck;
    private (bool Exists, long Ticks, long Length) _loaded = (false, -1, -1);
    private string? _warned;

    public TokenStore(string path, TimeProvider clock, Action<string>? warn = null)
    {
        _path = path;
        _clock = clock;
        _warn = warn;
        _lastCheck = clock.GetTimestamp();
        Reload();
    }

    public int Count => Current.Length;

    /// <summary>The token whose hash matches <paramref name="presented"/> and that this service accepts, else null.</summary>
    public ClientToken? Find(ReadOnlySpan<char> presented, ServiceKind service)
    {
        if (presented.IsEmpty || presented.Length > 256)
        {
            return null;
        }

        Span<byte> utf8 = stackalloc byte[1024];
        var length = System.Text.Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(utf8[..length], digest);

        ClientToken? match = null;
        foreach (var e in Current)
        {
            // No early exit: every stored digest is compared, whichever matches.
            if (CryptographicOperations.FixedTimeEquals(digest, e.Digest))
            {
                match = e.Token;
            }
        }

        return match is not null && match.Serves(service) ? match : null;
    }

    private Entry[] Current
    {
        get
        {
            var now = _clock.GetTimestamp();
            if (_clock.GetElapsedTime(Volatile.Read(ref _lastCheck), now) >= CheckInterval && _gate.TryEnter())
            {
                try
                {
                    Volatile.Write(ref _lastCheck, now);
                    Reload();
                }
                finally
                {
                    _gate.Exit();
                }
            }

            return _entries;
        }
    }

    private void Reload()
    {
        var info = new FileInfo(_path);
        var stamp = info.Exists ? (true, info.LastWriteTimeUtc.Ticks, info.Length) : (false, 0L, 0L);
        if (stamp == _loaded)
        {
            return;
        }

        try
        {
            var doc = TokensFile.Load(_path);
            _entries = [.. doc.Tokens.Select(t => new Entry(t, TokenSecret.ParseHash(t.Hash)!))];
            _loaded = stamp;
            _warned = null;
        }
        catch (Exception ex) when (ex is UserFacingException or IOException or UnauthorizedAccessException)
        {
            // Half-written by an editor, or a mistake: keep the tokens we have, say so once per distinct problem.
            if (_warned != ex.Message)
            {
                _warned = ex.Message;
                _warn?.Invoke($"{ex.Message}; keeping the previous {_entries.Length} token(s)");
            }
        }
    }

    private sealed record Entry(ClientToken Token, byte[] Digest);
}

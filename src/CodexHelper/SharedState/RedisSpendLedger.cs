using System.Collections.Concurrent;
using CodexHelper.Gateway;
using StackExchange.Redis;

namespace CodexHelper.SharedState;

/// <summary>
/// Token spend shared by the replicas. The request path only reads and adds in memory; the sync loop sends this
/// replica's unsent spend with INCRBYFLOAT (atomic, so replicas never lose each other's adds) and reads back the
/// totals of the tokens this replica has been asked about. While Redis is away the unsent spend waits here.
/// </summary>
internal sealed class RedisSpendLedger : ISpendLedger
{
    private readonly ConcurrentDictionary<(string Token, string Period), decimal> _shared = new();
    private readonly ConcurrentDictionary<(string Token, string Period), decimal> _unsent = new();

    public decimal Spent(string token, string periodKey)
    {
        var key = (token, periodKey);
        // Asking registers interest: the loop keeps this total fresh from then on.
        var shared = _shared.GetOrAdd(key, 0m);
        return shared + (_unsent.TryGetValue(key, out var pending) ? pending : 0m);
    }

    public void Add(string token, string periodKey, decimal usd) =>
        _unsent.AddOrUpdate((token, periodKey), usd, (_, old) => old + usd);

    internal async Task FlushAsync(IDatabase db, Func<string, string, RedisKey> keyOf, TimeSpan lifetime)
    {
        foreach (var (key, _) in _unsent)
        {
            if (!_unsent.TryRemove(key, out var amount) || amount == 0)
            {
                continue;
            }

            try
            {
                var total = await db.StringIncrementAsync(keyOf(key.Token, key.Period), (double)amount);
                await db.KeyExpireAsync(keyOf(key.Token, key.Period), lifetime);
                _shared[key] = (decimal)total;
            }
            catch
            {
                // Not sent: keep it for the next round.
                _unsent.AddOrUpdate(key, amount, (_, old) => old + amount);
                throw;
            }
        }
    }

    internal async Task RefreshAsync(IDatabase db, Func<string, string, RedisKey> keyOf)
    {
        var keys = _shared.Keys.ToArray();
        if (keys.Length == 0)
        {
            return;
        }

        var values = await db.StringGetAsync([.. keys.Select(k => keyOf(k.Token, k.Period))]);
        for (var i = 0; i < keys.Length; i++)
        {
            _shared[keys[i]] = values[i].IsNull ? 0m : (decimal)(double)values[i];
        }
    }
}

using System.Collections.Concurrent;

namespace CodexHelper.Gateway;

/// <summary>The embedded default: spend kept in this process (one replica, no <c>--state</c>).</summary>
internal sealed class LocalSpendLedger : ISpendLedger
{
    private readonly ConcurrentDictionary<(string Token, string Period), decimal> _spent = new();

    public decimal Spent(string token, string periodKey) =>
        _spent.TryGetValue((token, periodKey), out var v) ? v : 0m;

    public void Add(string token, string periodKey, decimal usd) =>
        _spent.AddOrUpdate((token, periodKey), usd, (_, old) => old + usd);

    /// <summary>Replaces a value with what the shared store says (resync after an outage).</summary>
    public void Set(string token, string periodKey, decimal usd) => _spent[(token, periodKey)] = usd;
}

namespace CodexHelper.Gateway;

/// <summary>
/// Spend per client token and budget period. Reads are local (no I/O on the request path); adds are atomic
/// wherever the ledger keeps its numbers (process memory, or Redis shared by every replica).
/// </summary>
internal interface ISpendLedger
{
    decimal Spent(string token, string periodKey);

    void Add(string token, string periodKey, decimal usd);
}

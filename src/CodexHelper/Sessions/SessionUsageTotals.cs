using CodexHelper.Pricing;
using CodexHelper.TokenCounts;

namespace CodexHelper.Sessions;

/// <summary>Adds up the responses of one session file, each priced with the model that answered it.</summary>
internal sealed class SessionUsageTotals(PriceBook prices)
{
    private long _requests;
    private long _input;
    private long _cached;
    private long _output;
    private decimal _cost;
    private long _priced;
    private long _unpriced;

    public void Add(string? model, TokenUsage usage)
    {
        _requests++;
        _input += usage.InputTokens;
        _cached += usage.CachedInputTokens;
        _output += usage.OutputTokens;
        if (prices.Find(model) is { } match && CostCalculator.Cost(usage, match.Price) is { } cost)
        {
            _cost += cost;
            _priced++;
        }
        else
        {
            _unpriced++;
        }
    }

    /// <summary>Null when the file recorded no usage at all.</summary>
    public SessionUsage? ToUsage() => _requests == 0 ? null : new SessionUsage
    {
        Source = SessionUsage.FromSessionFile,
        Requests = _requests,
        InputTokens = _input,
        CachedInputTokens = _cached,
        OutputTokens = _output,
        CostUsd = _priced == 0 ? null : _cost,
        UnpricedRequests = _unpriced,
    };
}

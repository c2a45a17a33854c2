using CodexHelper.RequestLog;

namespace CodexHelper.Gateway;

/// <summary><c>token add|list|remove</c>: changes to tokens.json, and what the request logs say about each token.</summary>
internal sealed class TokenAdmin(string tokensPath, string requestLogPath, TimeProvider clock)
{
    /// <summary>Adds a token and returns it: the only time it is ever shown.</summary>
    public string Add(string name, bool admin, string services, decimal? budgetUsd, string? period)
    {
        if (TokensFile.CheckName(name) is { } bad)
        {
            throw new UserFacingException(bad, 2);
        }

        if (budgetUsd is < 0)
        {
            throw new UserFacingException("--budget-usd must not be negative", 2);
        }

        if (period is not (null or "day" or "month"))
        {
            throw new UserFacingException($"--period must be day or month, not \"{period}\"", 2);
        }

        if (period is not null && budgetUsd is null)
        {
            throw new UserFacingException("--period needs --budget-usd", 2);
        }

        var doc = TokensFile.Load(tokensPath);
        if (doc.Tokens.Any(t => t.Name == name))
        {
            throw new UserFacingException($"a token named \"{name}\" already exists (`codex-helper token remove {name}` first)");
        }

        var token = TokenSecret.Generate();
        doc.Tokens.Add(new ClientToken
        {
            Name = name,
            Hash = TokenSecret.Hash(token),
            CreatedAt = clock.GetUtcNow(),
            Admin = admin,
            Services = services,
            BudgetUsd = budgetUsd,
            Period = budgetUsd is null ? null : period ?? "month",
        });
        TokensFile.Save(tokensPath, doc);
        return token;
    }

    public void Remove(string name)
    {
        var doc = TokensFile.Load(tokensPath);
        if (doc.Tokens.RemoveAll(t => t.Name == name) == 0)
        {
            throw new UserFacingException($"no token named \"{name}\" in {tokensPath} (see `codex-helper token list`)");
        }

        TokensFile.Save(tokensPath, doc);
    }

    /// <summary>Every token with its last use and this period's spend, read from every replica's request log.</summary>
    public IReadOnlyList<TokenListItem> List(Func<RequestLogEntry, decimal?> costOf, ISpendLedger? shared = null)
    {
        var doc = TokensFile.Load(tokensPath);
        var now = clock.GetUtcNow();
        var seen = new Dictionary<string, (DateTimeOffset Last, long Requests, decimal Spent)>(StringComparer.Ordinal);
        var periods = doc.Tokens.ToDictionary(t => t.Name, t => BudgetPeriod.Key(t.Period, now), StringComparer.Ordinal);
        if (doc.Tokens.Count > 0)
        {
            foreach (var e in RequestLogEntryReader.ReadAll(requestLogPath))
            {
                if (e.ClientToken is not { } name || !periods.TryGetValue(name, out var period))
                {
                    continue;
                }

                var at = DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs);
                seen.TryGetValue(name, out var s);
                var spent = s.Spent;
                if (BudgetPeriod.Key(doc.Tokens.First(t => t.Name == name).Period, at) == period)
                {
                    spent += costOf(e) ?? 0;
                }

                seen[name] = (at > s.Last ? at : s.Last, s.Requests + 1, spent);
            }
        }

        return [.. doc.Tokens.Select(t =>
        {
            seen.TryGetValue(t.Name, out var s);
            var spent = shared?.Spent(t.Name, periods[t.Name]) ?? s.Spent;
            return new TokenListItem
            {
                Name = t.Name,
                CreatedAt = t.CreatedAt,
                LastUsed = s.Requests > 0 ? s.Last : null,
                Admin = t.Admin,
                Services = t.Services,
                Requests = s.Requests,
                Period = t.Period,
                SpentUsd = spent,
                BudgetUsd = t.BudgetUsd,
            };
        })];
    }
}

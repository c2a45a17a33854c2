using CodexHelper.Configuration;
using CodexHelper.Gateway;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Gateway;

public sealed class TokenStoreTests
{
    [Fact]
    public void A_token_is_found_by_its_hash_only_for_its_services_and_a_broken_edit_keeps_the_old_list()
    {
        using var home = new TempHome();
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var codexToken = TokenSecret.Generate();
        var bothToken = TokenSecret.Generate();
        TokensFile.Save(home.Paths.TokensJson, new TokensDocument
        {
            Tokens =
            [
                new ClientToken { Name = "c", Hash = TokenSecret.Hash(codexToken), Services = "codex" },
                new ClientToken { Name = "b", Hash = TokenSecret.Hash(bothToken), Admin = true },
            ],
        });
        var warnings = new List<string>();
        var store = new TokenStore(home.Paths.TokensJson, clock, warnings.Add);

        Assert.Equal("c", store.Find(codexToken, ServiceKind.Codex)?.Name);
        Assert.Null(store.Find(codexToken, ServiceKind.Claude));
        Assert.Equal("b", store.Find(bothToken, ServiceKind.Claude)?.Name);
        Assert.Null(store.Find(codexToken.AsSpan(0, codexToken.Length - 1), ServiceKind.Codex));
        Assert.Null(store.Find("", ServiceKind.Codex));
        Assert.Null(store.Find(new string('x', 10_000), ServiceKind.Codex));

        File.WriteAllText(home.Paths.TokensJson, "{\"tokens\":[{\"name\":\"c\"");
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("c", store.Find(codexToken, ServiceKind.Codex)?.Name);
        Assert.Single(warnings);
        Assert.Contains("tokens.json", warnings[0]);
        Assert.DoesNotContain(codexToken, warnings[0]);

        File.WriteAllText(home.Paths.TokensJson, "{\"version\":1,\"tokens\":[]}");
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(store.Find(codexToken, ServiceKind.Codex));
    }

    [Fact]
    public void Budget_periods_are_utc_days_or_months()
    {
        var at = DateTimeOffset.Parse("2026-11-30T23:30:00-02:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("2026-12-01", BudgetPeriod.Key("day", at));
        Assert.Equal("2026-12", BudgetPeriod.Key("month", at));
        Assert.Equal("2026-12", BudgetPeriod.Key(null, at));
    }
}

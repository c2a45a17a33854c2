using System.Text.Json.Nodes;
using CodexHelper.Reports;
using CodexHelper.Tests.Sessions;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Reports.UsageLogFixture;

namespace CodexHelper.Tests.Reports;

public class UsageCostReportTests
{
    [Fact]
    public void Cost_per_group_and_total_counts_unpriced_requests_apart_instead_of_as_free()
    {
        using var home = new TempHome();
        Write(home.Paths.RequestLog,
            Line(Day1, "a", cost: "0.5"),
            Line(Day1 + 1, "a", cost: "0.25"),
            Line(Day1 + 2, "b", cost: "null"),
            Line(Day1 + 3, "b"), // a line from before cost_usd existed
            Line(Day1 + 4, "c", usage: false, cost: "null"));
        var builder = new UsageSummaryBuilder(UsageGrouping.Config, zone: TimeZoneInfo.Utc);

        UsageLogScanner.Scan(home.Paths.RequestLog, builder, UsageGrouping.Config);
        var s = builder.Build();

        var a = s.Groups.Single(g => g.Key == "a");
        var b = s.Groups.Single(g => g.Key == "b");
        Assert.Equal(0.75m, a.CostUsd);
        Assert.Equal(0, a.UnpricedRequests);
        Assert.Null(b.CostUsd);
        Assert.Equal(2, b.UnpricedRequests);
        Assert.Equal(0.75m, s.Total.CostUsd);
        Assert.Equal(2, s.Total.UnpricedRequests);
    }

    [Fact]
    public async Task By_session_and_by_project_with_since_today()
    {
        using var home = new TempHome();
        var s1 = SessionFixtures.Uuid(1);
        var s2 = SessionFixtures.Uuid(2);
        var s3 = SessionFixtures.Uuid(3);
        SessionFixtures.WriteRollout(home.Paths, s1, "/work/app", SessionFixtures.T0, ["one"]);
        SessionFixtures.WriteRollout(home.Paths, s2, "/work/app", SessionFixtures.T0, ["two"]);
        SessionFixtures.WriteClaude(home.Paths, s3, "/work/site", SessionFixtures.T0, ["three"]);
        var now = DateTimeOffset.Now.ToUnixTimeMilliseconds();
        Write(home.Paths.RequestLog,
            Line(now - 3 * 86_400_000L, session: s1, input: 999, cost: "9"), // days ago: not today
            Line(now, session: s1, input: 100, output: 10, cost: "0.1"),
            Line(now, session: s2, input: 200, output: 20, cost: "0.2"),
            Line(now, session: s3, input: 300, output: 30, cost: "0.3", service: "claude"),
            Line(now, session: null, input: 1, output: 1, cost: "0.01"));

        var bySession = JsonNode.Parse((await home.RunAsync("usage", "summary", "--by", "session", "--since", "today", "--json")).Out)!;
        var byProject = JsonNode.Parse((await home.RunAsync("usage", "summary", "--by", "project", "--since", "today", "--json")).Out)!;
        var table = await home.RunAsync("usage", "summary", "--by", "session", "--since", "today");

        var sessions = bySession["groups"]!.AsArray().ToDictionary(g => g!["key"]!.GetValue<string>(), g => g!["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(0.1m, sessions[s1]);
        Assert.Equal(0.2m, sessions[s2]);
        Assert.Equal(0.3m, sessions[s3]);
        Assert.Equal(0.01m, sessions["(none)"]);
        Assert.Equal(0.61m, bySession["total"]!["cost_usd"]!.GetValue<decimal>());
        var projects = byProject["groups"]!.AsArray().ToDictionary(g => g!["key"]!.GetValue<string>(), g => g!["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(0.3m, projects["/work/app"]);
        Assert.Equal(0.3m, projects["/work/site"]);
        Assert.Contains("$0.61", table.Out);
        Assert.Contains("cost", table.Out);
    }

    [Fact]
    public void Since_today_and_yesterday_are_local_midnights()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");
        var now = new DateTimeOffset(2026, 1, 10, 23, 30, 0, TimeSpan.Zero); // 01:30 on the 11th, local

        Assert.Equal(new DateTimeOffset(2026, 1, 11, 0, 0, 0, TimeSpan.FromHours(2)), UsageSince.Parse("today", now, zone));
        Assert.Equal(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.FromHours(2)), UsageSince.Parse("yesterday", now, zone));
    }

    [Fact]
    public void Tail_shows_each_lines_cost_or_that_it_has_no_price()
    {
        var priced = UsageTailFormatter.FormatRaw(Line(Day1, cost: "0.0123"), TimeZoneInfo.Utc)!;
        var unpriced = UsageTailFormatter.FormatRaw(Line(Day1, cost: "null"), TimeZoneInfo.Utc)!;

        Assert.Contains("$0.01", priced);
        Assert.Contains("$? (no price)", unpriced);
    }
}

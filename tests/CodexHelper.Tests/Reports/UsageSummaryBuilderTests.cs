using CodexHelper.Configuration;
using CodexHelper.RequestLog;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Reports.UsageLogFixture;
using CodexHelper.Reports;

namespace CodexHelper.Tests.Reports;

public sealed class UsageSummaryBuilderTests
{
    private static UsageSummary Summarise(UsageGrouping by, string[] lines, DateTimeOffset? since = null, ServiceKind? service = null, int limit = 0)
    {
        using var home = new TempHome();
        Write(home.Paths.RequestLog, lines);
        var builder = new UsageSummaryBuilder(by, since, service, TimeZoneInfo.Utc);
        UsageLogScanner.Scan(home.Paths.RequestLog, builder, by);
        return builder.Build(limit);
    }

    [Fact]
    public void Groups_by_upstream_tell_two_keys_on_one_relay_apart_by_their_upstream_id()
    {
        const string relay = "https://relay.example/v1";
        static string WithId(string line, string id) => line.Replace("\"upstream_base_url\":\"" + relay + "\"",
            "\"upstream_base_url\":\"" + relay + "\",\"upstream_id\":\"" + relay + "#" + id + "\"", StringComparison.Ordinal);
        string[] lines =
        [
            WithId(Line(Day1, input: 100), "aaaaaaaa"),
            WithId(Line(Day1 + 1, input: 200), "bbbbbbbb"),
            WithId(Line(Day1 + 2, input: 300), "bbbbbbbb"),
            Line(Day1 + 3, upstream: "https://alone.example/v1", input: 1),
        ];

        var s = Summarise(UsageGrouping.Upstream, lines);

        Assert.Equal([relay + "#bbbbbbbb", relay + "#aaaaaaaa", "https://alone.example/v1"], s.Groups.Select(g => g.Key));
        Assert.Equal(2, s.Groups[0].Requests);
        using var home = new TempHome();
        Write(home.Paths.RequestLog, lines);
        var full = new UsageSummaryBuilder(UsageGrouping.Upstream, zone: TimeZoneInfo.Utc);
        full.AddDeserialised(UsageGrouping.Upstream, RequestLogEntries.ReadAll(home.Paths.RequestLog, full.CountMalformedLine));
        Assert.Equal(full.Build().Groups, s.Groups);
    }

    [Fact]
    public void Groups_by_config_sorted_by_total_tokens_with_totals()
    {
        var s = Summarise(UsageGrouping.Config,
        [
            Line(Day1, "small", input: 10, output: 5),
            Line(Day1 + 1, "big", input: 1000, output: 500, cached: 800, reasoning: 20),
            Line(Day1 + 2, "big", input: 1000, output: 500),
        ]);

        Assert.Equal(["big", "small"], s.Groups.Select(g => g.Key));
        var big = s.Groups[0];
        Assert.Equal(2, big.Requests);
        Assert.Equal(2000, big.InputTokens);
        Assert.Equal(800, big.CachedInputTokens);
        Assert.Equal(1000, big.OutputTokens);
        Assert.Equal(20, big.ReasoningTokens);
        Assert.Equal(3000, big.TotalTokens);
        Assert.Equal(3, s.Total.Requests);
        Assert.Equal(3015, s.Total.TotalTokens);
    }

    [Fact]
    public void Counts_non_2xx_errors_and_client_aborts_as_errors()
    {
        var s = Summarise(UsageGrouping.Config,
        [
            Line(Day1, status: 200),
            Line(Day1, status: 502),
            Line(Day1, status: 200, error: "stream cut"),
            Line(Day1, status: 200, aborted: true),
            Line(Day1, status: 429, usage: false),
        ]);

        Assert.Equal(5, s.Total.Requests);
        Assert.Equal(4, s.Total.Errors);
    }

    [Fact]
    public void Percentiles_are_nearest_rank_per_group()
    {
        var lines = Enumerable.Range(1, 100).Select(i => Line(Day1 + i, "a", ms: i)).Append(Line(Day1, "b", ms: 7)).ToArray();
        var s = Summarise(UsageGrouping.Config, lines);

        var a = s.Groups.Single(g => g.Key == "a");
        Assert.Equal(50, a.P50Ms);
        Assert.Equal(95, a.P95Ms);
        var b = s.Groups.Single(g => g.Key == "b");
        Assert.Equal(7, b.P50Ms);
        Assert.Equal(7, b.P95Ms);
    }

    [Fact]
    public void Since_and_service_filter_lines()
    {
        var s = Summarise(UsageGrouping.Config,
        [
            Line(Day1 - 1000, "old"),
            Line(Day1, "new"),
            Line(Day1 + 5, "claude-cfg", service: "claude"),
        ], since: DateTimeOffset.FromUnixTimeMilliseconds(Day1), service: ServiceKind.Codex);

        Assert.Equal(["new"], s.Groups.Select(g => g.Key));
        Assert.Equal("codex", s.Service);
    }

    [Fact]
    public void Groups_by_day_in_date_order_and_by_model_with_none()
    {
        var day = 86_400_000L;
        var byDay = Summarise(UsageGrouping.Day, [Line(Day1 + day + 5, input: 1), Line(Day1 + 10, input: 1000), Line(Day1 + day + 9)]);
        Assert.Equal(["2026-01-01", "2026-01-02"], byDay.Groups.Select(g => g.Key));
        Assert.Equal(2, byDay.Groups[1].Requests);

        var byModel = Summarise(UsageGrouping.Model, [Line(Day1, model: null), Line(Day1, model: "gpt-5")]);
        Assert.Equal(["(none)", "gpt-5"], byModel.Groups.Select(g => g.Key).Order());
    }

    [Fact]
    public void Limit_keeps_the_top_groups_and_counts_the_rest_in_the_total()
    {
        var s = Summarise(UsageGrouping.Config, [Line(Day1, "a", input: 300), Line(Day1, "b", input: 200), Line(Day1, "c", input: 100)], limit: 2);
        Assert.Equal(["a", "b"], s.Groups.Select(g => g.Key));
        Assert.Equal(1, s.GroupsOmitted);
        Assert.Equal(3, s.Total.Requests);
    }

    [Fact]
    public void Reads_rotated_files_and_counts_malformed_lines()
    {
        using var home = new TempHome();
        var log = home.Paths.RequestLog;
        Write(log + ".2", Line(Day1, "oldest"), "{broken");
        Write(log + ".1", Line(Day1 + 1, "middle"), "", "not json at all");
        Write(log, Line(Day1 + 2, "current"), "{\"timestamp_ms\":\"x\"}");
        var builder = new UsageSummaryBuilder(UsageGrouping.Config, zone: TimeZoneInfo.Utc);
        UsageLogScanner.Scan(log, builder, UsageGrouping.Config);
        var s = builder.Build();

        Assert.Equal(3, s.Total.Requests);
        Assert.Equal(["current", "middle", "oldest"], s.Groups.Select(g => g.Key).Order());
        Assert.Equal(3, s.SkippedMalformedLines);
    }

    [Fact]
    public void Fast_scanner_agrees_with_the_full_deserialiser()
    {
        using var home = new TempHome();
        var random = new Random(42);
        var lines = Enumerable.Range(0, 500).Select(i => Line(Day1 + i * 60_000L, config: $"c{random.Next(4)}", status: random.Next(10) == 0 ? 500 : 200,
            ms: random.Next(5000), input: random.Next(10000), output: random.Next(1000), cached: random.Next(100), reasoning: random.Next(50),
            model: random.Next(5) == 0 ? null : "m" + random.Next(3), service: random.Next(3) == 0 ? "claude" : "codex",
            error: random.Next(20) == 0 ? "boom \\\"quoted\\\"" : null, aborted: random.Next(30) == 0, usage: random.Next(8) != 0,
            session: random.Next(4) == 0 ? null : "s" + random.Next(3),
            cost: random.Next(6) == 0 ? "null" : random.Next(6) == 0 ? null : (random.Next(100_000) / 1_000_000m).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        lines.Insert(100, "{\"bad\":");
        Write(home.Paths.RequestLog, [.. lines]);

        foreach (var by in Enum.GetValues<UsageGrouping>())
        {
            var fast = new UsageSummaryBuilder(by, zone: TimeZoneInfo.Utc);
            UsageLogScanner.Scan(home.Paths.RequestLog, fast, by);
            var full = new UsageSummaryBuilder(by, zone: TimeZoneInfo.Utc);
            full.AddDeserialised(by, RequestLogEntries.ReadAll(home.Paths.RequestLog, full.CountMalformedLine));

            var a = fast.Build();
            var b = full.Build();
            Assert.Equal(b.Total, a.Total);
            Assert.Equal(b.Groups, a.Groups);
            Assert.Equal(1, a.SkippedMalformedLines);
        }
    }

    [Theory]
    [InlineData("7d", -7 * 24 * 60)]
    [InlineData("24h", -24 * 60)]
    [InlineData("30m", -30)]
    public void Since_parses_relative_spans(string text, int minutes)
    {
        var now = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddMinutes(minutes), UsageSince.Parse(text, now, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Since_parses_dates_as_local_midnight_and_rejects_nonsense()
    {
        var now = DateTimeOffset.UnixEpoch;
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), UsageSince.Parse("2026-01-05", now, TimeZoneInfo.Utc));
        var ex = Assert.Throws<UserFacingException>(() => UsageSince.Parse("last tuesday", now, TimeZoneInfo.Utc));
        Assert.Contains("--since", ex.Message);
    }
}

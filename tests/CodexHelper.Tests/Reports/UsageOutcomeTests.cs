using CodexHelper.Configuration;
using CodexHelper.Reports;
using CodexHelper.RequestLog;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Reports.UsageLogFixture;

namespace CodexHelper.Tests.Reports;

/// <summary><c>usage summary</c> counts errors by a line's <c>outcome</c> when it has one.</summary>
public sealed class UsageOutcomeTests
{
    private static string WithOutcome(string line, string outcome) => line[..^1] + ",\"outcome\":\"" + outcome + "\"}";

    [Fact]
    public void Errors_are_lines_whose_outcome_is_not_ok_whatever_their_status()
    {
        string[] lines =
        [
            WithOutcome(Line(Day1, status: 200), "ok"),
            WithOutcome(Line(Day1, status: 200, error: "upstream stream broke off"), "stream_broken"),
            WithOutcome(Line(Day1, status: 200, aborted: true), "client_aborted"),
            WithOutcome(Line(Day1, status: 503, usage: false), "upstream_error"),
            WithOutcome(Line(Day1, status: 413, usage: false), "rejected"),
            Line(Day1, status: 502), // an older line without outcome: its status decides
            Line(Day1, status: 200),
        ];
        using var home = new TempHome();
        Write(home.Paths.RequestLog, lines);

        var fast = new UsageSummaryBuilder(UsageGrouping.Config, null, null, TimeZoneInfo.Utc);
        UsageLogScanner.Scan(home.Paths.RequestLog, fast, UsageGrouping.Config);
        var full = new UsageSummaryBuilder(UsageGrouping.Config, null, null, TimeZoneInfo.Utc);
        full.AddDeserialised(UsageGrouping.Config, RequestLogEntries.ReadAll(home.Paths.RequestLog, full.CountMalformedLine));

        Assert.Equal(7, fast.Build().Total.Requests);
        Assert.Equal(5, fast.Build().Total.Errors);
        Assert.Equal(fast.Build().Total, full.Build().Total);
    }
}

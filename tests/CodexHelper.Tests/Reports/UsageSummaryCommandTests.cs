using System.Text.Json;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Reports.UsageLogFixture;
using CodexHelper.Reports;

namespace CodexHelper.Tests.Reports;

public sealed class UsageSummaryCommandTests
{
    [Fact]
    public async Task Summary_json_has_groups_total_and_skipped_count()
    {
        using var home = new TempHome();
        Write(home.Paths.RequestLog, Line(Day1, "a", input: 100, ms: 10), Line(Day1 + 1, "b", input: 5, ms: 20, status: 500), "garbage");

        var run = await home.RunAsync("usage", "summary", "--json", "--by", "config");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        Assert.Equal("config", root.GetProperty("by").GetString());
        Assert.Equal("a", root.GetProperty("groups")[0].GetProperty("key").GetString());
        Assert.Equal(2, root.GetProperty("total").GetProperty("requests").GetInt64());
        Assert.Equal(1, root.GetProperty("total").GetProperty("errors").GetInt64());
        Assert.Equal(1, root.GetProperty("skipped_malformed_lines").GetInt64());
    }

    [Fact]
    public async Task Summary_table_shows_groups_total_and_skipped_lines()
    {
        using var home = new TempHome();
        Write(home.Paths.RequestLog, Line(Day1, "relay-one", input: 1234567, ms: 10), "{oops");

        var run = await home.RunAsync("usage", "summary");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("relay-one", run.Out);
        Assert.Contains("1,234,567", run.Out);
        Assert.Contains("total", run.Out);
        Assert.Contains("skipped 1 malformed line", run.Out);
    }

    [Fact]
    public async Task Summary_rejects_an_unknown_grouping_with_one_line()
    {
        using var home = new TempHome();
        var run = await home.RunAsync("usage", "summary", "--by", "colour");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--by must be", run.Error);
    }

    [Fact]
    public async Task Summary_of_a_missing_log_says_so()
    {
        using var home = new TempHome();
        var run = await home.RunAsync("usage", "summary");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No requests", run.Out);
    }
}

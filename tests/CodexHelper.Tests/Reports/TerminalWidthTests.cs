using CodexHelper.Diagnostics;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Reports.UsageLogFixture;

namespace CodexHelper.Tests.Reports;

/// <summary>Tables fit the terminal (COLUMNS pins the width here); --json and piped output are never cut.</summary>
public sealed class TerminalWidthTests
{
    private const string LongName = "a-very-long-relay-name-that-no-terminal-of-sixty-columns-can-show-whole";

    [Theory]
    [InlineData(100)]
    [InlineData(80)]
    [InlineData(60)]
    public async Task Usage_summary_fits_the_width_and_cuts_the_group_name_with_an_ellipsis(int columns)
    {
        using var home = new TempHome();
        home.Env["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Write(home.Paths.RequestLog, Line(Day1, LongName, input: 1234567, ms: 10), Line(Day1 + 1, "b", input: 5, ms: 20));

        var run = await home.RunAsync("usage", "summary");

        Assert.Equal(0, run.ExitCode);
        // The table; the prose lines under it (unpriced requests, paths) are text the terminal wraps.
        var table = run.Out.Split('\n').TakeWhile(l => !l.Contains("no price", StringComparison.Ordinal)).ToList();
        Assert.True(table.Count >= 5);
        Assert.All(table, line => Assert.True(line.TrimEnd('\r').Length <= columns, $"{line.Length} > {columns}: {line}"));
        Assert.Contains("…", run.Out, StringComparison.Ordinal);
        // Numbers are never cut; on the narrowest width the less-read columns (input, cached, …) give way, total stays.
        Assert.True(run.Out.Contains("1,234,572", StringComparison.Ordinal), run.Out);
        Assert.DoesNotContain(LongName, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_and_unknown_width_keep_every_name_whole()
    {
        using var home = new TempHome();
        Write(home.Paths.RequestLog, Line(Day1, LongName, input: 1234567, ms: 10));

        Assert.Contains(LongName, (await home.RunAsync("usage", "summary")).Out, StringComparison.Ordinal);
        home.Env["COLUMNS"] = "60";
        Assert.Contains(LongName, (await home.RunAsync("usage", "summary", "--json")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_table_gives_way_in_its_widest_column_and_keeps_short_cells_whole()
    {
        var table = new TextTable("#", "upstream", "state", "last error")
            .Add("1", "https://relay.example/v1", "healthy", "")
            .Add("2", "https://second-relay.example/v1", "cooling_down (30s)", "upstream said 429 Too Many Requests: rate limit reached for this key, retry later");
        var whole = new StringWriter();
        table.WriteTo(whole, "    ");
        Assert.Contains("retry later", whole.ToString(), StringComparison.Ordinal);

        foreach (var width in new[] { 90, 60, 30, 12 })
        {
            var output = new StringWriter();
            table.WriteTo(output, "    ", width);
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
            Assert.Equal(3, lines.Count);
            Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
            Assert.Contains("…", output.ToString(), StringComparison.Ordinal);
            if (width >= 90)
            {
                Assert.Contains("cooling_down (30s)", output.ToString(), StringComparison.Ordinal);
            }
        }
    }
}

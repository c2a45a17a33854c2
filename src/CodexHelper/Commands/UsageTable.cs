using System.Globalization;
using CodexHelper.Reports;
using Spectre.Console;

namespace CodexHelper.Commands;

/// <summary>
/// The <c>usage summary</c> table, laid out for a width: numbers are never cut or wrapped; on a narrow terminal the
/// least-read columns go first, then the group name (a long model or project path) is cut with "…".
/// </summary>
internal static class UsageTable
{
    private static readonly string[] Headers = ["requests", "errors", "input", "cached", "cache hit", "output", "reasoning", "total", "cost", "p50 ms", "p95 ms"];

    /// <summary>Indexes into the number columns, in the order they give way to a narrow terminal.</summary>
    private static readonly int[] DropOrder = [6, 3, 9, 1, 10, 4, 5, 2];

    /// <summary>A column's padding and separator under <see cref="TableBorder.Simple"/>.</summary>
    private const int ColumnOverhead = 3;
    private const int NarrowestName = 12;

    public static Table Build(UsageSummary summary, int width)
    {
        var rows = summary.Groups.Select(Cells).Append(Cells(summary.Total with { Key = "total" })).ToList();
        var numberWidths = Enumerable.Range(0, Headers.Length)
            .Select(i => rows.Select(r => r[i + 1].Length).Append(Headers[i].Length).Max()).ToArray();
        var shown = Enumerable.Range(0, Headers.Length).ToList();
        int NameRoom() => width - 1 - ColumnOverhead - shown.Sum(i => numberWidths[i] + ColumnOverhead);
        foreach (var drop in DropOrder)
        {
            if (NameRoom() >= NarrowestName)
            {
                break;
            }

            shown.Remove(drop);
        }

        var nameWidth = Math.Min(Math.Max(NameRoom(), NarrowestName), rows.Select(r => r[0].Length).Append(summary.By.Length).Max());
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn(summary.By).Width(nameWidth).NoWrap());
        foreach (var i in shown)
        {
            table.AddColumn(new TableColumn(Headers[i]).RightAligned().NoWrap());
        }

        for (var r = 0; r < rows.Count; r++)
        {
            if (r == rows.Count - 1)
            {
                table.AddEmptyRow();
            }

            var row = rows[r];
            table.AddRow(shown.Select(i => (Spectre.Console.Rendering.IRenderable)new Text(row[i + 1]))
                .Prepend(new Text(row[0]) { Overflow = Overflow.Ellipsis }));
        }

        return table;
    }

    private static string[] Cells(UsageGroup g) =>
    [
        g.Key,
        N(g.Requests), N(g.Errors), N(g.InputTokens), N(g.CachedInputTokens), Percent(g.CacheHitPct), N(g.OutputTokens), N(g.ReasoningTokens), N(g.TotalTokens),
        Pricing.Money.Format(g.CostUsd, g.UnpricedRequests),
        g.P50Ms is { } p50 ? N(p50) : "-", g.P95Ms is { } p95 ? N(p95) : "-",
    ];

    private static string Percent(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string N(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}

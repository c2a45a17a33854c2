using System.Text;

namespace CodexHelper.Diagnostics;

/// <summary>
/// A plain, left-aligned text table. <c>status</c> and <c>doctor</c> must start fast, and a few padded columns
/// do not need a rendering library's start-up cost.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private const string Ellipsis = "…";
    private const int Gap = 2;
    private const int NarrowestColumn = 4;
    private readonly List<string[]> _rows = [];

    public TextTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    /// <summary>
    /// Writes the table; with <paramref name="maxWidth"/> (the terminal's columns) no line is longer: the widest columns
    /// give way first and their cells end in "…", so short ones (numbers, states) stay whole.
    /// </summary>
    public void WriteTo(TextWriter writer, string indent = "", int? maxWidth = null)
    {
        var widths = new int[headers.Length];
        foreach (var row in _rows.Prepend(headers))
        {
            for (var i = 0; i < widths.Length && i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        if (maxWidth is { } max)
        {
            Shrink(widths, max - indent.Length);
        }

        var line = new StringBuilder();
        foreach (var row in _rows.Prepend(headers))
        {
            line.Clear().Append(indent);
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = Fit(i < row.Length ? row[i] : "", widths[i]);
                line.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i] + Gap));
            }

            var text = line.ToString().TrimEnd();
            // Even the narrowest columns may not fit a very small width: cut the line rather than let the terminal wrap it.
            writer.WriteLine(maxWidth is { } m && text.Length > m ? Fit(text, m) : text);
        }
    }

    private static void Shrink(int[] widths, int available)
    {
        while (widths.Sum() + Gap * (widths.Length - 1) > available)
        {
            var widest = Array.IndexOf(widths, widths.Max());
            if (widths[widest] <= NarrowestColumn)
            {
                return;
            }

            widths[widest]--;
        }
    }

    private static string Fit(string cell, int width) =>
        cell.Length <= width ? cell : width <= 0 ? "" : string.Concat(cell.AsSpan(0, width - 1), Ellipsis);
}

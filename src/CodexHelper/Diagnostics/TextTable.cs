using System.Text;

namespace CodexHelper.Diagnostics;

/// <summary>
/// A plain, left-aligned text table. <c>status</c> and <c>doctor</c> must start fast, and a few padded columns
/// do not need a rendering library's start-up cost.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TextTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public void WriteTo(TextWriter writer, string indent = "")
    {
        var widths = new int[headers.Length];
        foreach (var row in _rows.Prepend(headers))
        {
            for (var i = 0; i < widths.Length && i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var line = new StringBuilder();
        foreach (var row in _rows.Prepend(headers))
        {
            line.Clear().Append(indent);
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < row.Length ? row[i] : "";
                line.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }
}

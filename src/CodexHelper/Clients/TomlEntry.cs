using Tomlyn.Syntax;

namespace CodexHelper.Clients;

/// <summary>
/// One key-value of a TOML document with its full dotted path (table name + key, inline tables
/// flattened), and the syntax nodes that say where its text lies in the file.
/// </summary>
internal sealed record TomlEntry(IReadOnlyList<string> Path, ValueSyntax Value, KeyValueSyntax Node, TableSyntaxBase? Table)
{
    public string? StringValue => Value is StringValueSyntax s ? s.Value : null;

    public bool? BoolValue => Value is BooleanValueSyntax b ? b.Value : null;

    public bool PathIs(params string[] path) => Path.SequenceEqual(path, StringComparer.Ordinal);

    public bool PathStartsWith(params string[] prefix) =>
        Path.Count >= prefix.Length && Path.Take(prefix.Length).SequenceEqual(prefix, StringComparer.Ordinal);
}

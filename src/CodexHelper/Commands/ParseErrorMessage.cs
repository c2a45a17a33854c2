using System.CommandLine;
using System.Text.RegularExpressions;

namespace CodexHelper.Commands;

/// <summary>
/// A command-line mistake as users expect it: one line naming the problem in plain words (no .NET type names such as
/// <c>System.Nullable`1[System.Int32]</c>) and a hint where the usage is, instead of the whole help after every typo.
/// </summary>
internal static partial class ParseErrorMessage
{
    /// <summary>Exit code of a command-line mistake (wrong option, missing argument, bad value).</summary>
    public const int UsageExitCode = 2;

    public static string Describe(ParseResult parse)
    {
        // A typo ("Unrecognized command or argument 'sumary'") explains more than what it caused ("Required command was not provided").
        var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))?.Message ?? parse.Errors[0].Message;
        var message = ExpectedType().Replace(first, m => $": expected {Plain(m.Groups[1].Value)}");
        var command = string.Join(' ', CommandPath(parse.CommandResult.Command));
        return $"{message.TrimEnd('.')}\n(see `{command} --help`)";
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(c is RootCommand ? "codex-helper" : c.Name);
        }

        names.Reverse();
        return names;
    }

    private static string Plain(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a valid value",
    };

    [GeneratedRegex(@"\s*(?:as )?expected type '([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectedType();
}

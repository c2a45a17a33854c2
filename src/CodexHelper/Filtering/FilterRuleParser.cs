using System.Text;
using System.Text.Json;

namespace CodexHelper.Filtering;

/// <summary>
/// Reads filter.json with a forward-only Utf8JsonReader so every problem can name the line of the
/// rule it concerns (a deserialised object would have lost its position).
/// </summary>
internal static class FilterRuleParser
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static List<FilterRule> Parse(ReadOnlySpan<byte> json, string pathForErrors)
    {
        if (json.StartsWith("\xEF\xBB\xBF"u8))
        {
            json = json[3..];
        }

        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            // An empty file is more likely an editor caught mid-save than a wish for no rules; treating it
            // as "no rules" would let the strings the user meant to hide leave the machine.
            throw UserFacingException.InFile(pathForErrors, null, "file is empty (expected a JSON array of rules; use [] for none)");
        }

        try
        {
            return ParseRules(json, pathForErrors);
        }
        catch (JsonException ex)
        {
            throw UserFacingException.InFile(pathForErrors, (ex.LineNumber ?? 0) + 1, "invalid JSON: " + Describe(ex));
        }
    }

    private static List<FilterRule> ParseRules(ReadOnlySpan<byte> json, string path)
    {
        var reader = new Utf8JsonReader(json, Options);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Problem(json, reader, path, "expected a JSON array of rules, like [{\"op\":\"remove\",\"source\":\"secret\"}]");
        }

        var rules = new List<FilterRule>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var number = rules.Count + 1;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Problem(json, reader, path, $"rule {number}: expected an object with \"op\" and \"source\"");
            }

            rules.Add(ParseRule(ref reader, json, path, number));
        }

        if (reader.Read())
        {
            throw Problem(json, reader, path, "unexpected content after the rules array");
        }

        return rules;
    }

    private static FilterRule ParseRule(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string path, int number)
    {
        var ruleStart = reader.TokenStartIndex;
        string? op = null;
        byte[]? source = null;
        byte[]? target = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "op":
                    op = ReadString(ref reader, json, path, number, name);
                    break;
                case "source":
                    source = Encoding.UTF8.GetBytes(ReadString(ref reader, json, path, number, name));
                    break;
                case "target":
                    target = Encoding.UTF8.GetBytes(ReadString(ref reader, json, path, number, name));
                    break;
                default:
                    // Unknown fields are tolerated so that later versions can add some (e.g. a comment field).
                    reader.Skip();
                    break;
            }
        }

        var line = LineOf(json, ruleStart);
        FilterOp kind = op switch
        {
            "replace" => FilterOp.Replace,
            "remove" => FilterOp.Remove,
            null => throw UserFacingException.InFile(path, line, $"rule {number}: missing \"op\" (replace or remove)"),
            _ => throw UserFacingException.InFile(path, line, $"rule {number}: unknown op \"{op}\" (expected replace or remove)"),
        };

        if (source is null || source.Length == 0)
        {
            throw UserFacingException.InFile(path, line, $"rule {number}: missing or empty \"source\"");
        }

        if (kind == FilterOp.Replace && target is null)
        {
            throw UserFacingException.InFile(path, line, $"rule {number}: replace needs a \"target\" (use op \"remove\" to delete)");
        }

        return new FilterRule(kind, source, kind == FilterOp.Remove ? [] : target!);
    }

    private static string ReadString(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string path, int number, string name)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Problem(json, reader, path, $"rule {number}: \"{name}\" must be a string");
        }

        return reader.GetString()!;
    }

    private static UserFacingException Problem(ReadOnlySpan<byte> json, Utf8JsonReader reader, string path, string problem) =>
        UserFacingException.InFile(path, LineOf(json, reader.TokenStartIndex), problem);

    private static int LineOf(ReadOnlySpan<byte> json, long index) =>
        json[..(int)Math.Min(index, json.Length)].Count((byte)'\n') + 1;

    private static string Describe(JsonException ex)
    {
        // The reader's messages end with " LineNumber: n | BytePositionInLine: m."; the line is already in front.
        var msg = ex.Message;
        var cut = msg.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var head = (cut > 0 ? msg[..cut] : msg).TrimEnd('.', ' ');
        return ex.BytePositionInLine is { } b ? $"{head} (column {b + 1})" : head;
    }
}

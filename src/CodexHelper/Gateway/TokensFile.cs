using System.Text.Json;
using System.Text.RegularExpressions;
using CodexHelper.Files;

namespace CodexHelper.Gateway;

/// <summary>The one owner of tokens.json: parse (one clear error per mistake), validate, save atomically with a backup.</summary>
internal static partial class TokensFile
{
    public static TokensDocument Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return new TokensDocument();
        }
        catch (DirectoryNotFoundException)
        {
            return new TokensDocument();
        }

        return Parse(bytes, path);
    }

    public static TokensDocument Parse(ReadOnlySpan<byte> bytes, string pathForErrors)
    {
        if (bytes.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw UserFacingException.InFile(pathForErrors, null, "file is empty (expected {\"version\":1,\"tokens\":[]})");
        }

        TokensDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(bytes, GatewayJsonContext.Default.TokensDocument);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } p && p != "$" ? $" (at {p})" : "";
            var message = ex.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            throw UserFacingException.InFile(pathForErrors, (ex.LineNumber ?? 0) + 1, $"invalid JSON{where}: {(cut > 0 ? message[..cut] : message).TrimEnd('.')}");
        }

        if (doc is null)
        {
            throw UserFacingException.InFile(pathForErrors, 1, "expected a JSON object, found null");
        }

        var problem = FirstProblem(doc);
        if (problem is not null)
        {
            throw UserFacingException.InFile(pathForErrors, null, problem);
        }

        return doc;
    }

    public static void Save(string path, TokensDocument doc)
    {
        if (File.Exists(path))
        {
            AtomicFile.Copy(path, path + ".bak");
        }

        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(doc, GatewayJsonContext.Default.TokensDocument), AtomicFile.UserOnly);
    }

    public static string? CheckName(string name) =>
        NamePattern().IsMatch(name) ? null : $"token name \"{name}\" must be 1-64 letters, digits, '.', '_' or '-'";

    private static string? FirstProblem(TokensDocument doc)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < doc.Tokens.Count; i++)
        {
            var t = doc.Tokens[i];
            var at = $"tokens[{i}]";
            if (t is null)
            {
                return $"{at}: expected an object, found null";
            }

            if (CheckName(t.Name) is { } bad)
            {
                return $"{at}: {bad}";
            }

            if (!seen.Add(t.Name))
            {
                return $"{at}: the name \"{t.Name}\" is used twice";
            }

            if (TokenSecret.ParseHash(t.Hash) is null)
            {
                return $"{at} ({t.Name}): hash must be \"sha256:\" followed by 64 hex digits";
            }

            if (t.Services is not ("codex" or "claude" or "both"))
            {
                return $"{at} ({t.Name}): services must be codex, claude or both, not \"{t.Services}\"";
            }

            if (t.BudgetUsd is { } b && b < 0)
            {
                return $"{at} ({t.Name}): budget_usd must not be negative";
            }

            if (t.Period is not (null or "day" or "month"))
            {
                return $"{at} ({t.Name}): period must be day or month, not \"{t.Period}\"";
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}

using Tomlyn.Syntax;

namespace CodexHelper.Clients;

/// <summary>
/// The two edits codex-helper makes to config.toml, as splices of the original text at the spans
/// Tomlyn's syntax tree reports — never a parse-then-serialise round trip, so every byte outside
/// the changed value and table stays as the user wrote it. Each result is parsed again and checked
/// before anyone writes it.
/// </summary>
internal static class CodexProxyEdit
{
    public const string ProviderName = "codex-helper";

    /// <summary>Points Codex at the proxy: <c>model_provider = "codex_proxy"</c> plus its provider table.</summary>
    public static string SwitchOn(ClientFileText file, CodexProxySettings settings, string pathForErrors)
    {
        var nl = file.NewLine;
        var toml = CodexConfigToml.Parse(file.Text, pathForErrors);
        var text = toml.Text;

        // Step 1: the top-level key.
        if (toml.TopLevel("model_provider") is { } current)
        {
            if (current.StringValue != CodexConfigToml.ProxyProviderId)
            {
                text = Splice(text, current.Value, Quote(CodexConfigToml.ProxyProviderId));
            }
        }
        else
        {
            var line = $"model_provider = {Quote(CodexConfigToml.ProxyProviderId)}{nl}";
            if (toml.LastTopLevelKeyValue is { } last)
            {
                var at = last.Span.End.Offset + 1;
                text = text.Insert(at, EndsWithNewLine(text[..at]) ? line : nl + line);
            }
            else
            {
                text = line + text;
            }
        }

        // Step 2: the provider table, located afresh in the text step 1 produced.
        toml = Reparse(text, pathForErrors);
        if (toml.ProviderTable(CodexConfigToml.ProxyProviderId) is { } table)
        {
            var old = toml.SourceOf(table);
            var replacement = TableText(settings, nl);
            text = Splice(text, table, EndsWithNewLine(old) ? replacement : replacement.TrimEnd('\r', '\n'));
        }
        else if (toml.ProviderInlineTable(CodexConfigToml.ProxyProviderId) is { } inline)
        {
            text = Splice(text, inline.Value, InlineText(settings));
        }
        else
        {
            var separator = text.Length == 0 ? "" : text.EndsWith(nl + nl, StringComparison.Ordinal) ? "" : EndsWithNewLine(text) ? nl : nl + nl;
            text = text + separator + TableText(settings, nl);
        }

        var result = Reparse(text, pathForErrors);
        var provider = result.Provider(CodexConfigToml.ProxyProviderId);
        if (result.ModelProvider != CodexConfigToml.ProxyProviderId || provider.BaseUrl != LocalUrl.ForPort(settings.Port))
        {
            throw UserFacingException.InFile(pathForErrors, null,
                "defines model_providers.codex_proxy in a form codex-helper cannot edit (dotted keys); remove that entry and try again");
        }

        return text;
    }

    /// <summary>
    /// Undoes only what <see cref="SwitchOn"/> changed, taking the previous values from
    /// <paramref name="original"/> (the backup; null when codex-helper created the file), and keeps
    /// everything else — including edits the user made while switched on.
    /// </summary>
    public static string SwitchOff(ClientFileText current, ClientFileText? original, string pathForErrors, string originalPathForErrors)
    {
        var nl = current.NewLine;
        var toml = CodexConfigToml.Parse(current.Text, pathForErrors);
        var before = original is null ? null : CodexConfigToml.Parse(original.Text, originalPathForErrors);
        var text = toml.Text;

        if (toml.TopLevel("model_provider") is { } mp && mp.StringValue == CodexConfigToml.ProxyProviderId)
        {
            if (before?.TopLevel("model_provider") is { } previous && previous.StringValue != CodexConfigToml.ProxyProviderId)
            {
                text = Splice(text, mp.Value, before.SourceOf(previous.Value));
            }
            else
            {
                text = RemoveLine(text, mp.Node);
            }
        }

        toml = Reparse(text, pathForErrors);
        var previousTable = before?.ProviderTable(CodexConfigToml.ProxyProviderId);
        var previousInline = before?.ProviderInlineTable(CodexConfigToml.ProxyProviderId);
        if (toml.ProviderTable(CodexConfigToml.ProxyProviderId) is { } table)
        {
            if (previousTable is not null)
            {
                var old = before!.SourceOf(previousTable);
                var now = toml.SourceOf(table);
                text = Splice(text, table, EndsWithNewLine(now) || !EndsWithNewLine(old) ? old : old.TrimEnd('\r', '\n'));
            }
            else
            {
                text = RemoveTable(text, table, nl);
            }
        }
        else if (toml.ProviderInlineTable(CodexConfigToml.ProxyProviderId) is { } inline && previousInline is not null)
        {
            text = Splice(text, inline.Value, before!.SourceOf(previousInline.Value));
        }

        Reparse(text, pathForErrors);
        return text;
    }

    public static string TableText(CodexProxySettings settings, string nl)
    {
        var lines = new List<string>
        {
            $"[model_providers.{CodexConfigToml.ProxyProviderId}]",
            $"name = {Quote(ProviderName)}",
            $"base_url = {Quote(LocalUrl.ForPort(settings.Port))}",
            "wire_api = \"responses\"",
        };
        if (settings.RequiresOpenAiAuth)
        {
            lines.Add("requires_openai_auth = true");
        }

        return string.Join(nl, lines) + nl;
    }

    private static string InlineText(CodexProxySettings settings) =>
        $"{{ name = {Quote(ProviderName)}, base_url = {Quote(LocalUrl.ForPort(settings.Port))}, wire_api = \"responses\"" +
        (settings.RequiresOpenAiAuth ? ", requires_openai_auth = true }" : " }");

    private static CodexConfigToml Reparse(string text, string pathForErrors)
    {
        try
        {
            return CodexConfigToml.Parse(text, pathForErrors);
        }
        catch (UserFacingException ex)
        {
            // Our splice produced something Tomlyn rejects: the user's layout is one we cannot edit safely.
            throw new UserFacingException($"cannot edit {pathForErrors} safely ({ex.Message}); the file was left unchanged");
        }
    }

    private static string Splice(string text, SyntaxNode node, string replacement) =>
        string.Concat(text.AsSpan(0, node.Span.Start.Offset), replacement, text.AsSpan(node.Span.End.Offset + 1));

    /// <summary>Removes a key-value line we inserted: its indentation, the key-value, and its line ending.</summary>
    private static string RemoveLine(string text, KeyValueSyntax node)
    {
        var start = node.Span.Start.Offset;
        while (start > 0 && text[start - 1] is ' ' or '\t')
        {
            start--;
        }

        return text.Remove(start, node.Span.End.Offset + 1 - start);
    }

    /// <summary>Removes a table we appended, and the blank line we put in front of it when it was the last thing in the file.</summary>
    private static string RemoveTable(string text, TableSyntax table, string nl)
    {
        var start = table.Span.Start.Offset;
        var end = table.Span.End.Offset + 1;
        var result = text.Remove(start, end - start);
        if (end == text.Length && result.EndsWith(nl + nl, StringComparison.Ordinal))
        {
            result = result[..^nl.Length];
        }

        return result;
    }

    private static bool EndsWithNewLine(string text) => text.Length > 0 && text[^1] is '\n' or '\r';

    private static string Quote(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}

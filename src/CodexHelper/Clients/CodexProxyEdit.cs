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

    /// <summary>
    /// Points Codex at the proxy while keeping the provider id Codex binds each session to, so that sessions
    /// stay resumable whether or not the proxy runs: the built-in openai provider gets the top-level
    /// <c>openai_base_url</c>, any other provider gets its own <c>base_url</c> replaced (or added to its table).
    /// Only a provider we cannot edit that way (a built-in such as ollama) falls back to the original tool's
    /// <c>model_provider = "codex_proxy"</c> table.
    /// </summary>
    public static string SwitchOn(ClientFileText file, CodexProxySettings settings, string pathForErrors)
    {
        var toml = CodexConfigToml.Parse(file.Text, pathForErrors);
        var id = toml.EffectiveProviderId;
        var url = settings.Url;
        string text;
        if (settings.EnvKey is not null && toml.ProviderTable(id) is null)
        {
            // A gateway needs env_key, which only a provider table takes: the built-in openai gets the codex_proxy table.
            return LegacySwitchOn(file, settings, pathForErrors);
        }

        if (id == CodexConfigToml.DefaultProviderId && !toml.Provider(id).Defined)
        {
            text = SetTopLevel(toml, CodexConfigToml.OpenAiBaseUrlKey, url, file.NewLine);
        }
        else if (toml.ProviderBaseUrl(id) is { } entry)
        {
            text = Splice(toml.Text, entry.Value, Quote(url));
        }
        else if (toml.ProviderTable(id) is { } table)
        {
            text = InsertIntoTable(toml.Text, table, $"base_url = {Quote(url)}", file.NewLine);
        }
        else
        {
            return LegacySwitchOn(file, settings, pathForErrors);
        }

        var result = Reparse(text, pathForErrors);
        if (settings.EnvKey is not null && result.ProviderTable(id) is { } own)
        {
            text = result.Entries.FirstOrDefault(e => e.PathIs("model_providers", id, "env_key")) is { } envKey
                ? Splice(text, envKey.Value, Quote(settings.EnvKey))
                : InsertIntoTable(text, own, $"env_key = {Quote(settings.EnvKey)}", file.NewLine);
            result = Reparse(text, pathForErrors);
        }

        if (result.EffectiveProviderId != id || result.Provider(id).BaseUrl != url)
        {
            throw UserFacingException.InFile(pathForErrors, null,
                $"defines provider '{id}' in a form codex-helper cannot edit; point its base_url at {url} by hand or simplify the entry");
        }

        return text;
    }

    /// <summary>The original tool's switch: <c>model_provider = "codex_proxy"</c> plus its provider table.</summary>
    public static string LegacySwitchOn(ClientFileText file, CodexProxySettings settings, string pathForErrors)
    {
        var nl = file.NewLine;
        var toml = CodexConfigToml.Parse(file.Text, pathForErrors);
        var text = SetTopLevel(toml, "model_provider", CodexConfigToml.ProxyProviderId, nl);

        // The provider table, located afresh in the text the first step produced.
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
        if (result.ModelProvider != CodexConfigToml.ProxyProviderId || provider.BaseUrl != settings.Url)
        {
            throw UserFacingException.InFile(pathForErrors, null,
                "defines model_providers.codex_proxy in a form codex-helper cannot edit (dotted keys); remove that entry and try again");
        }

        return text;
    }

    /// <summary>Sets a top-level string key: its value is replaced in place, or a line is inserted after the last top-level key.</summary>
    private static string SetTopLevel(CodexConfigToml toml, string key, string value, string nl)
    {
        var text = toml.Text;
        if (toml.TopLevel(key) is { } current)
        {
            return current.StringValue == value ? text : Splice(text, current.Value, Quote(value));
        }

        var line = $"{key} = {Quote(value)}{nl}";
        if (toml.LastTopLevelKeyValue is { } last)
        {
            var at = last.Span.End.Offset + 1;
            return text.Insert(at, EndsWithNewLine(text[..at]) ? line : nl + line);
        }

        return line + text;
    }

    /// <summary>Adds a key-value line right below a table's header line.</summary>
    private static string InsertIntoTable(string text, TableSyntax table, string keyValue, string nl)
    {
        var headerEnd = table.CloseBracket?.Span.End.Offset + 1 ?? table.Span.Start.Offset;
        var lineEnd = text.IndexOf('\n', headerEnd);
        return lineEnd < 0 ? text + nl + keyValue + nl : text.Insert(lineEnd + 1, keyValue + nl);
    }

    /// <summary>
    /// Undoes only what <see cref="SwitchOn"/> changed, taking the previous values from
    /// <paramref name="original"/> (the backup; null when codex-helper created the file), and keeps
    /// everything else — including edits the user made while switched on.
    /// </summary>
    public static string SwitchOff(ClientFileText current, ClientFileText? original, OurProxy ours, string pathForErrors, string originalPathForErrors)
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

        return UndoOurValues(text, before, ours, pathForErrors);
    }

    /// <summary>
    /// Puts back every value <c>switch on</c> wrote into the user's own tables, found by its value: each base URL that
    /// points at our proxy (<c>openai_base_url</c>, <c>model_providers.*.base_url</c>) and, after a remote switch, each
    /// <c>model_providers.*.env_key</c> that still names the token variable. The backup's value comes back when it had
    /// one, else the line goes (we inserted it). Values that point elsewhere, including a loopback relay on another port
    /// or an env_key the user changed meanwhile, are the user's and stay; so does an env_key the backup already had.
    /// </summary>
    private static string UndoOurValues(string text, CodexConfigToml? before, OurProxy ours, string pathForErrors)
    {
        for (var guard = 0; guard < 64; guard++)
        {
            var toml = Reparse(text, pathForErrors);
            var found = toml.Entries.Select(e => (Entry: e, Previous: Previous(before, e))).FirstOrDefault(p => IsOurs(p.Entry, p.Previous, ours));
            if (found.Entry is not { } entry)
            {
                return text;
            }

            text = found.Previous?.StringValue is { } old && !IsOurValue(entry, old, ours)
                ? Splice(text, entry.Value, before!.SourceOf(found.Previous.Value))
                : RemoveLine(text, entry.Node);
        }

        throw new UserFacingException($"cannot undo codex-helper's changes in {pathForErrors}; restore it by hand from its backup");
    }

    /// <summary>The backup's entry at the same key path (top level or table alike), or null.</summary>
    private static TomlEntry? Previous(CodexConfigToml? before, TomlEntry entry) =>
        before?.Entries.FirstOrDefault(e => e.Path.SequenceEqual(entry.Path, StringComparer.Ordinal) && (e.Table is null) == (entry.Table is null));

    private static bool IsOurs(TomlEntry e, TomlEntry? previous, OurProxy ours)
    {
        var baseUrl = (e.Table is null && e.PathIs(CodexConfigToml.OpenAiBaseUrlKey)) || IsProviderKey(e, "base_url");
        if (baseUrl)
        {
            return ours.Owns(e.StringValue);
        }

        return IsProviderKey(e, "env_key") && ours.OwnsTokenEnv(e.StringValue) && previous?.StringValue != e.StringValue;
    }

    private static bool IsOurValue(TomlEntry e, string value, OurProxy ours) => IsProviderKey(e, "env_key") ? ours.OwnsTokenEnv(value) : ours.Owns(value);

    private static bool IsProviderKey(TomlEntry e, string key) =>
        e.Path.Count == 3 && e.Path[0] == "model_providers" && e.Path[1] != CodexConfigToml.ProxyProviderId && e.Path[2] == key;

    public static string TableText(CodexProxySettings settings, string nl)
    {
        var lines = new List<string>
        {
            $"[model_providers.{CodexConfigToml.ProxyProviderId}]",
            $"name = {Quote(ProviderName)}",
            $"base_url = {Quote(settings.Url)}",
            "wire_api = \"responses\"",
        };
        if (settings.EnvKey is not null)
        {
            lines.Add($"env_key = {Quote(settings.EnvKey)}");
        }

        if (settings.RequiresOpenAiAuth)
        {
            lines.Add("requires_openai_auth = true");
        }

        return string.Join(nl, lines) + nl;
    }

    private static string InlineText(CodexProxySettings settings) =>
        $"{{ name = {Quote(ProviderName)}, base_url = {Quote(settings.Url)}, wire_api = \"responses\"" +
        (settings.EnvKey is null ? "" : $", env_key = {Quote(settings.EnvKey)}") +
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

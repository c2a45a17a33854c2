using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace CodexHelper.Clients;

/// <summary>
/// Codex's config.toml, parsed into Tomlyn's full-fidelity syntax tree (every comment, blank line
/// and quote style kept). Reads the provider settings; <see cref="CodexProxyEdit"/> uses the node
/// spans found here to change only the bytes it owns.
/// </summary>
internal sealed class CodexConfigToml
{
    public const string ProxyProviderId = "codex_proxy";
    public const string DefaultProviderId = "openai";
    public const string OpenAiBaseUrl = "https://api.openai.com/v1";

    private readonly DocumentSyntax document;

    private CodexConfigToml(string text, DocumentSyntax document, List<TomlEntry> entries)
    {
        Text = text;
        this.document = document;
        Entries = entries;
    }

    public string Text { get; }

    public IReadOnlyList<TomlEntry> Entries { get; }

    /// <summary>Parses <paramref name="text"/>; a syntax error becomes one line naming file, line and problem.</summary>
    public static CodexConfigToml Parse(string text, string pathForErrors)
    {
        var document = SyntaxParser.Parse(text, pathForErrors, validate: true);
        if (document.HasErrors)
        {
            var error = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            throw UserFacingException.InFile(pathForErrors, error.Span.Start.Line + 1, $"invalid TOML: {error.Message}");
        }

        var entries = new List<TomlEntry>();
        foreach (var kv in document.KeyValues)
        {
            Flatten([], kv, null, entries);
        }

        foreach (var table in document.Tables)
        {
            var prefix = KeyPath(table.Name);
            foreach (var kv in table.Items)
            {
                Flatten(prefix, kv, table, entries);
            }
        }

        return new CodexConfigToml(text, document, entries);
    }

    /// <summary>Reads and parses <paramref name="path"/>; a missing file reads as empty (Codex's defaults).</summary>
    public static CodexConfigToml ReadFile(string path) =>
        Parse(File.Exists(path) ? ClientFileText.Decode(File.ReadAllBytes(path), path).Text : "", path);

    /// <summary>Top-level <c>model_provider</c>, or null when the file does not set it (Codex then uses openai).</summary>
    public string? ModelProvider => TopLevel("model_provider")?.StringValue;

    public string EffectiveProviderId => ModelProvider ?? DefaultProviderId;

    /// <summary>Top-level <c>profile</c>: the profile Codex uses when none is given on the command line.</summary>
    public string? ActiveProfile => TopLevel("profile")?.StringValue;

    /// <summary>Profiles that set a <c>model_provider</c> of their own (a profile in use bypasses the top-level one).</summary>
    public IEnumerable<(string Profile, string? Provider)> ProfileProviders =>
        Entries.Where(e => e.Path.Count == 3 && e.Path[0] == "profiles" && e.Path[2] == "model_provider").Select(e => (e.Path[1], e.StringValue));

    public TomlEntry? TopLevel(string key) => Entries.FirstOrDefault(e => e.Table is null && e.PathIs(key));

    /// <summary>Top-level <c>openai_base_url</c>: where the built-in openai provider sends requests when set.</summary>
    public const string OpenAiBaseUrlKey = "openai_base_url";

    /// <summary>The settings of provider <paramref name="id"/>, in whichever TOML form they are written.</summary>
    public CodexProvider Provider(string id)
    {
        var values = Entries.Where(e => e.Path.Count == 3 && e.PathStartsWith("model_providers", id)).ToList();
        string? Str(string key) => values.FirstOrDefault(e => e.Path[2] == key)?.StringValue;
        bool? Bool(string key) => values.FirstOrDefault(e => e.Path[2] == key)?.BoolValue;
        var defined = values.Count > 0 || ProviderTable(id) is not null;
        var baseUrl = Str("base_url")
            ?? (id == DefaultProviderId && !defined ? TopLevel(OpenAiBaseUrlKey)?.StringValue ?? OpenAiBaseUrl : null);
        return new CodexProvider(id, defined, Str("name"), baseUrl, Str("env_key"), Str("wire_api"), Bool("requires_openai_auth") ?? false);
    }

    /// <summary>Provider ids Codex accepts with this file: its built-ins and every <c>model_providers</c> entry.</summary>
    public IReadOnlySet<string> ProviderIds =>
        Entries.Where(e => e.Path.Count >= 2 && e.Path[0] == "model_providers").Select(e => e.Path[1])
            .Concat(document.Tables.Select(t => KeyPath(t.Name)).Where(p => p.Count == 2 && p[0] == "model_providers").Select(p => p[1]))
            .Concat(BuiltInProviderIds)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Codex 0.169's built-in providers (it refuses to let config.toml redefine them).</summary>
    public static readonly string[] BuiltInProviderIds = [DefaultProviderId, "ollama", "lmstudio"];

    /// <summary>The <c>base_url</c> entry of provider <paramref name="id"/> (table, inline table or dotted keys), if written.</summary>
    public TomlEntry? ProviderBaseUrl(string id) => Entries.FirstOrDefault(e => e.PathIs("model_providers", id, "base_url"));

    /// <summary>True when the file was switched the original tool's way: <c>model_provider = "codex_proxy"</c> pointing at this machine.</summary>
    public bool UsesLegacyProxyProvider =>
        ModelProvider == ProxyProviderId && Provider(ProxyProviderId).BaseUrl is { } url && LocalUrl.IsLocal(url);

    /// <summary>
    /// True when Codex sends its requests to codex-helper's proxy: the provider in use points at one of
    /// <paramref name="ours"/> ports, or the file was switched the original tool's way (codex_proxy).
    /// </summary>
    public bool PointsAt(OurProxy ours) => UsesLegacyProxyProvider || ours.Owns(Provider(EffectiveProviderId).BaseUrl);

    /// <summary>The <c>[model_providers.&lt;id&gt;]</c> table header form, if the file uses it.</summary>
    public TableSyntax? ProviderTable(string id) =>
        document.Tables.OfType<TableSyntax>().FirstOrDefault(t => KeyPath(t.Name).SequenceEqual(["model_providers", id], StringComparer.Ordinal));

    /// <summary>The inline-table form (<c>codex_proxy = { … }</c> under model_providers), if the file uses it.</summary>
    public TomlEntry? ProviderInlineTable(string id) =>
        Entries.FirstOrDefault(e => e.PathIs("model_providers", id) && e.Value is InlineTableSyntax);

    /// <summary>The last key-value before the first table header: where a new top-level key belongs.</summary>
    public KeyValueSyntax? LastTopLevelKeyValue =>
        document.KeyValues.ChildrenCount == 0 ? null : document.KeyValues.GetChild(document.KeyValues.ChildrenCount - 1);

    /// <summary>The exact source text of a node (Tomlyn's spans are inclusive at both ends).</summary>
    public string SourceOf(SyntaxNode node) => Text.Substring(node.Span.Start.Offset, SpanLength(node));

    public static int SpanLength(SyntaxNode node) => node.Span.End.Offset - node.Span.Start.Offset + 1;

    public static IReadOnlyList<string> KeyPath(KeySyntax? key)
    {
        var path = new List<string>();
        if (key is null)
        {
            return path;
        }

        path.Add(KeyPart(key.Key));
        foreach (var dotted in key.DotKeys)
        {
            path.Add(KeyPart(dotted.Key));
        }

        return path;
    }

    private static string KeyPart(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    private static void Flatten(IReadOnlyList<string> prefix, KeyValueSyntax kv, TableSyntaxBase? table, List<TomlEntry> into)
    {
        if (kv.Value is null)
        {
            return;
        }

        var path = prefix.Concat(KeyPath(kv.Key)).ToList();
        into.Add(new TomlEntry(path, kv.Value, kv, table));
        if (kv.Value is InlineTableSyntax inline)
        {
            foreach (var item in inline.Items)
            {
                if (item.KeyValue is { } inner)
                {
                    Flatten(path, inner, table, into);
                }
            }
        }
    }
}

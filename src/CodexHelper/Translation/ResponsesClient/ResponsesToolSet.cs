using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>
/// The tools of a Responses request as an upstream without namespaces or hosted tools can take them: function and
/// custom tools (also inside <c>namespace</c> tools and <c>additional_tools</c> input items), each once under a
/// unique upstream name; hosted tools (web_search, file_search, …) left out with a note.
/// </summary>
internal sealed class ResponsesToolSet
{
    // OpenAI rejects more; so do relays that copy its limits.
    public const int MaxTools = 128;

    private readonly List<DeclaredTool> _tools = [];
    private readonly List<string> _dropped;
    private readonly string _upstream;

    public ResponsesToolSet(JsonElement request, string upstream, List<string> dropped)
    {
        _dropped = dropped;
        _upstream = upstream;
        if (request.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            AddAll(tools, null);
        }

        if (request.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in input.EnumerateArray())
            {
                if (Str(item, "type") == "additional_tools" && item.TryGetProperty("tools", out var more) && more.ValueKind == JsonValueKind.Array)
                {
                    AddAll(more, null);
                }
            }
        }
    }

    public ToolNameMap Names { get; } = new();

    public IReadOnlyList<DeclaredTool> Tools => _tools;

    /// <summary>The one custom tool, when exactly one is declared (a call arriving without a name is most likely it).</summary>
    public string? SingleCustomUpstreamName
    {
        get
        {
            var custom = _tools.Where(t => t.Tool.Kind == ClientToolKind.Custom).Take(2).ToList();
            return custom.Count == 1 ? custom[0].UpstreamName : null;
        }
    }

    private void AddAll(JsonElement tools, string? ns)
    {
        foreach (var tool in tools.EnumerateArray())
        {
            var type = Str(tool, "type") ?? "function";
            var name = Str(tool, "name") ?? (tool.TryGetProperty("function", out var fn) ? Str(fn, "name") : null);
            switch (type)
            {
                case "function" or "custom" when !string.IsNullOrEmpty(name):
                    Add(tool, name, ns, type == "custom" ? ClientToolKind.Custom : ClientToolKind.Function);
                    break;
                case "namespace" when tool.TryGetProperty("tools", out var children) && children.ValueKind == JsonValueKind.Array:
                    AddAll(children, name ?? ns);
                    break;
                default:
                    _dropped.Add($"tool {name ?? type}: no equivalent on {_upstream}");
                    break;
            }
        }
    }

    private void Add(JsonElement tool, string name, string? ns, ClientToolKind kind)
    {
        var client = new ClientTool(name, ns, kind);
        var known = Names.Count;
        var upstreamName = Names.Add(client);
        if (Names.Count == known)
        {
            // Declared twice: the first declaration wins (strict upstreams reject duplicate names).
            return;
        }

        if (_tools.Count >= MaxTools)
        {
            _dropped.Add($"tool {upstreamName}: more than {MaxTools} tools");
            return;
        }

        // Chat-style nesting ({type:function, function:{…}}) is accepted too.
        var shape = tool.TryGetProperty("function", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : tool;
        JsonElement? parameters = shape.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : null;
        bool? strict = shape.TryGetProperty("strict", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : null;
        _tools.Add(new DeclaredTool(client, upstreamName, RawJson.String(shape, "description"), parameters, strict));
    }

    public static string? Str(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

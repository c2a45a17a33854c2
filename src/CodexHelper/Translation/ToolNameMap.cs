using System.IO.Hashing;
using System.Text;

namespace CodexHelper.Translation;

/// <summary>
/// Tool names between a client and an upstream that knows neither namespaces nor long names: each client tool
/// gets one upstream name (namespace children flattened as <c>ns__name</c>; characters outside
/// <c>[A-Za-z0-9_-]</c> replaced; longer than the limit cut and given a hash suffix; duplicates made unique), and
/// a call the upstream makes is resolved back to the client's tool. Built per request from the declared tools.
/// </summary>
internal sealed class ToolNameMap(int maxLength = 64)
{
    private readonly Dictionary<string, ClientTool> _toClient = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, string? Namespace), string> _toUpstream = [];

    public int Count => _toClient.Count;

    /// <summary>The upstream name of a declared tool (the same one each time it is declared again).</summary>
    public string Add(ClientTool tool)
    {
        if (_toUpstream.TryGetValue((tool.Name, tool.Namespace), out var known))
        {
            return known;
        }

        var wanted = Sanitize(tool.Namespace is null ? tool.Name : tool.Namespace + "__" + tool.Name);
        var name = Shorten(wanted);
        for (var n = 2; _toClient.ContainsKey(name); n++)
        {
            name = Shorten(wanted + "_" + n);
        }

        _toClient[name] = tool;
        _toUpstream[(tool.Name, tool.Namespace)] = name;
        return name;
    }

    /// <summary>The upstream name of a tool the client refers to (tool_choice, a past call): its declared name, or the same rules applied.</summary>
    public string ToUpstream(string name, string? ns = null) =>
        _toUpstream.TryGetValue((name, ns), out var known) ? known : Shorten(Sanitize(ns is null ? name : ns + "__" + name));

    /// <summary>The client's tool behind an upstream's call; an undeclared name comes back as a plain function.</summary>
    public ClientTool Resolve(string upstreamName) =>
        _toClient.TryGetValue(upstreamName, out var tool) ? tool : new ClientTool(upstreamName, null, ClientToolKind.Function);

    private string Shorten(string name)
    {
        if (name.Length <= maxLength)
        {
            return name;
        }

        // Keep the readable start and make it unique with a hash of the whole name.
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(name)).ToString("x8");
        return name[..(maxLength - 9)] + "_" + hash;
    }

    private static string Sanitize(string name)
    {
        if (name.Length > 0 && name.AsSpan().IndexOfAnyExcept(Allowed) < 0)
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!Allowed.Contains(chars[i]))
            {
                chars[i] = '_';
            }
        }

        return chars.Length == 0 ? "tool" : new string(chars);
    }

    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
}

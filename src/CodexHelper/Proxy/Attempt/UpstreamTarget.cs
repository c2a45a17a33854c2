namespace CodexHelper.Proxy.Attempt;

/// <summary>Where a client request goes on an upstream: base_url joined with the request's path and query.</summary>
internal static class UpstreamTarget
{
    /// <summary>
    /// Joins without doubling a shared segment: base <c>https://h/v1</c> with <c>/v1/messages</c> gives
    /// <c>https://h/v1/messages</c>, with <c>/responses</c> gives <c>https://h/v1/responses</c>.
    /// Clients are configured either with or without the <c>/v1</c> that relays put in their base URLs.
    /// </summary>
    public static string Join(string baseUrl, string path, string? query)
    {
        var trimmedBase = baseUrl.TrimEnd('/');
        if (string.IsNullOrEmpty(path))
        {
            path = "/";
        }
        else if (path[0] != '/')
        {
            path = "/" + path;
        }

        var schemeEnd = trimmedBase.IndexOf("://", StringComparison.Ordinal);
        var pathStart = schemeEnd < 0 ? -1 : trimmedBase.IndexOf('/', schemeEnd + 3);
        if (pathStart > 0)
        {
            var lastSlash = trimmedBase.LastIndexOf('/');
            var lastBaseSegment = trimmedBase.AsSpan(lastSlash + 1);
            var firstPathSegment = FirstSegment(path);
            if (lastBaseSegment.Length > 0 && lastBaseSegment.Equals(firstPathSegment, StringComparison.OrdinalIgnoreCase))
            {
                path = path[(1 + firstPathSegment.Length)..];
                if (path.Length == 0)
                {
                    return trimmedBase + query;
                }
            }
        }

        return string.Concat(trimmedBase, path, query);
    }

    private static ReadOnlySpan<char> FirstSegment(string path)
    {
        var rest = path.AsSpan(1);
        var slash = rest.IndexOf('/');
        return slash < 0 ? rest : rest[..slash];
    }
}

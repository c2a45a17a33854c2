using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// Which headers cross the proxy. Everything passes except hop-by-hop headers (meaningful for one
/// connection only), Host and Content-Length (recomputed), and the client's own credentials when the
/// upstream has its own. Codex needs its session_id / originator / OpenAI-Beta headers to reach the
/// upstream, and clients need retry-after / x-request-id / rate-limit headers back.
/// </summary>
internal static class HeaderPolicy
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
        "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "Host", "Content-Length",
    };

    public static bool IsForwarded(string name) => !NotForwarded.Contains(name);

    /// <summary>Copies the client's headers onto the upstream request, then applies the upstream's credentials.</summary>
    public static void CopyRequestHeaders(IHeaderDictionary source, HttpRequestMessage target, HttpContent? content, UpstreamCredentials credentials)
    {
        var connectionListed = source.TryGetValue("Connection", out var connection) ? connection : StringValues.Empty;
        foreach (var (name, values) in source)
        {
            // Upstreams are asked for uncompressed answers so that token usage can be read from the stream;
            // compression would only save bytes on the loopback hop to the client.
            if (!IsForwarded(name) || ListedIn(connectionListed, name) || name.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (credentials.ReplacesClientAuth && (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!TryAdd(target.Headers, name, values) && content is not null)
            {
                TryAdd(content.Headers, name, values);
            }
        }

        AddCredentials(target, credentials);
    }

    /// <summary>
    /// A translated request carries none of the client's protocol headers (<c>anthropic-beta</c> means nothing to a
    /// chat relay, <c>openai-beta</c> nothing to Anthropic, and a strict relay may reject them): only the user agent,
    /// the client's own credentials where the upstream has none (moved to where its protocol reads them), and what
    /// the upstream's protocol requires.
    /// </summary>
    public static void CopyTranslatedRequestHeaders(IHeaderDictionary source, HttpRequestMessage target, HttpContent content, UpstreamCredentials credentials, Wire.WireProtocol protocol)
    {
        if (source.UserAgent.Count > 0)
        {
            target.Headers.TryAddWithoutValidation("User-Agent", source.UserAgent.ToString());
        }

        target.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (protocol == Wire.WireProtocol.Anthropic)
        {
            target.Headers.TryAddWithoutValidation("anthropic-version", source.TryGetValue("anthropic-version", out var version) ? version.ToString() : "2023-06-01");
        }

        var own = credentials;
        if (!credentials.ReplacesClientAuth)
        {
            // The client's login passes through: a Bearer stays a Bearer; an x-api-key goes where the upstream reads keys.
            var bearer = source.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..] : null;
            var key = source.TryGetValue("x-api-key", out var k) && k.Count > 0 ? k.ToString() : null;
            own = new UpstreamCredentials(bearer, key).For(protocol);
        }

        AddCredentials(target, own);
    }

    private static void AddCredentials(HttpRequestMessage target, UpstreamCredentials credentials)
    {
        if (credentials.BearerToken is { } token)
        {
            target.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        if (credentials.ApiKey is { } key)
        {
            target.Headers.TryAddWithoutValidation("x-api-key", key);
        }
    }

    // Almost every header has one value: the string overload saves boxing the values per header.
    private static bool TryAdd(HttpHeaders headers, string name, StringValues values) => values.Count == 1
        ? headers.TryAddWithoutValidation(name, values[0])
        : headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);

    /// <summary>Copies the upstream's response headers to the client (Content-Length included: the body is relayed unchanged).</summary>
    public static void CopyResponseHeaders(HttpResponseMessage source, HttpResponse target)
    {
        Copy(source.Headers.NonValidated, target.Headers);
        Copy(source.Content.Headers.NonValidated, target.Headers);
    }

    /// <summary>Raw values as the upstream sent them: parsing them into typed headers only to print them again costs time and can alter them.</summary>
    private static void Copy(HttpHeadersNonValidated headers, IHeaderDictionary target)
    {
        foreach (var (name, values) in headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                target.ContentLength = values.Count == 1 && long.TryParse(values.ToString(), out var length) ? length : null;
                continue;
            }

            if (IsForwarded(name))
            {
                target[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
            }
        }
    }

    private static bool ListedIn(StringValues connection, string name)
    {
        foreach (var value in connection)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>The key(s) the proxy sends to one upstream, resolved from config.json (and env vars) at request time.</summary>
internal readonly record struct UpstreamCredentials(string? BearerToken, string? ApiKey, bool DropClientAuth = false)
{
    /// <summary>
    /// An upstream without its own key lets the client's credentials through (ChatGPT login), except behind a
    /// gateway, where the client's credentials are its gateway token and never leave.
    /// </summary>
    public bool ReplacesClientAuth => DropClientAuth || BearerToken is not null || ApiKey is not null;

    /// <summary>
    /// Where an upstream of <paramref name="protocol"/> wants the key: OpenAI-style APIs only read a Bearer token,
    /// so an <c>api_key</c> goes there; an Anthropic one reads <c>x-api-key</c> (and a Bearer <c>auth_token</c>).
    /// </summary>
    public UpstreamCredentials For(Wire.WireProtocol protocol) =>
        protocol != Wire.WireProtocol.Anthropic && ApiKey is not null && BearerToken is null
            ? this with { BearerToken = ApiKey, ApiKey = null }
            : this;
}

using CodexHelper.Configuration;
using CodexHelper.Translation;
using CodexHelper.Wire;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

/// <summary>
/// What one attempt sends to one upstream: method, target URL, headers to copy, credentials and body. Made in one
/// place per attempt (<see cref="UpstreamRequest.For"/>) from the client request, the upstream and the body, so
/// model mapping, and later protocol translation, change only this value; <see cref="UpstreamAttempt"/> sends it as
/// it is and reads nothing from the client's <see cref="HttpContext"/> but its cancellation.
/// </summary>
/// <param name="UpstreamModel">The model the upstream is asked for when its model_map renamed it, else null.</param>
/// <param name="Protocol">The protocol the upstream is spoken to in.</param>
internal sealed record UpstreamRequest(
    string Method,
    string Target,
    IHeaderDictionary ClientHeaders,
    UpstreamCredentials Credentials,
    ReadOnlyMemory<byte> Body,
    bool SendsBody,
    string? UpstreamModel,
    WireProtocol Protocol)
{
    /// <summary>Step 4's response hook for this attempt: null relays the answer as it is.</summary>
    public IResponseTranslator? Translator { get; init; }

    /// <summary>Step 3a: the upstream request of one attempt.</summary>
    public static UpstreamRequest For(HttpRequest client, ClientWire wire, UpstreamConfig upstream, UpstreamCredentials credentials, UpstreamBody bodies, BodyLease lease)
    {
        var body = bodies.For(upstream, lease, out var upstreamModel);
        var sendsBody = body.Length > 0 || (!HttpMethods.IsGet(client.Method) && !HttpMethods.IsHead(client.Method) && client.ContentLength is not null);
        return new UpstreamRequest(
            client.Method,
            UpstreamTarget.Join(upstream.BaseUrl, client.Path.Value ?? "/", client.QueryString.Value),
            client.Headers,
            credentials,
            body,
            sendsBody,
            upstreamModel,
            wire.Protocol);
    }
}

using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Attempt;
using CodexHelper.Proxy.Intake;
using CodexHelper.Translation.Catalog;
using CodexHelper.Wire;

namespace CodexHelper.Proxy.Failover;

/// <summary>
/// Which protocol a relay that answered 404 on the client's turn path speaks instead: each other protocol codex-helper
/// can translate to is asked once at its own turn path with an empty JSON body. A relay that has the endpoint
/// answers 400/401/422 (it read the path and refused the body); one without it answers 404/405 again. Used on
/// the error path only (the proxy's 404 answer, <c>doctor --online</c>), never per request.
/// </summary>
internal static class ProtocolProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The protocol the relay serves instead of <paramref name="client"/>'s, or null when none answered.</summary>
    public static async Task<WireProtocol?> OtherProtocolAsync(HttpMessageInvoker http, string baseUrl, WireProtocol client, UpstreamCredentials credentials, CancellationToken ct)
    {
        foreach (var candidate in new[] { WireProtocol.Chat, WireProtocol.Anthropic, WireProtocol.Responses })
        {
            if (candidate == client || Translations.For(client, candidate) is null)
            {
                continue;
            }

            if (await ServesAsync(http, baseUrl, candidate, credentials.For(candidate), ct))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>What the user should do about a relay that answered 404 on the client's turn path.</summary>
    public static string Hint(WireProtocol client, WireProtocol? serves) => serves is { } other
        ? $"this relay serves {other.Title()}, not {client.Title()}: set \"protocol\": \"{other.Name()}\" on this upstream in config.json (or add it with --protocol {other.Name()}); codex-helper then translates"
        : $"this relay has no {client.Title()} endpoint at {client.TurnPath()}; if it speaks another protocol, set the upstream's \"protocol\" ({WireProtocols.ValidNames})";

    /// <summary>Whether the relay has <paramref name="protocol"/>'s turn endpoint: it reads the path and refuses the empty body.</summary>
    public static async Task<bool> ServesAsync(HttpMessageInvoker http, string baseUrl, WireProtocol protocol, UpstreamCredentials credentials, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, UpstreamTarget.Join(baseUrl, protocol.TurnPath(), null))
        {
            Content = new ByteArrayContent("{}"u8.ToArray()),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (credentials.BearerToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        if (credentials.ApiKey is { } key)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", key);
        }

        if (protocol == WireProtocol.Anthropic)
        {
            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            return response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed) && (int)response.StatusCode < 500;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}

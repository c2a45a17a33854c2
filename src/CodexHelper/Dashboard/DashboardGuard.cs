using System.Security.Cryptography;
using System.Text;
using CodexHelper.Proxy.LocalAnswers;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Dashboard;

/// <summary>
/// Keeps other web sites the user has open away from the dashboard. Loopback clients only; the <c>Host</c> header
/// must name loopback and our port (a DNS-rebinding page would send its own host name); a browser's
/// <c>Origin</c> / <c>Sec-Fetch-Site</c>, when present, must be our own origin; and every API call and the event
/// stream carry a per-process token that only the page we serve knows (a cross-site page can send requests
/// but cannot read our page to learn it).
/// </summary>
internal sealed class DashboardGuard(Func<int> port)
{
    public const string TokenHeader = "X-Codex-Helper-Token";

    // Made on first use: the random generator loads OpenSSL (~6 MiB resident), which a proxy nobody looks at
    // (or that talks to plain-http relays only) never needs.
    private byte[]? _token;

    public string Token => Encoding.ASCII.GetString(TokenBytes);

    private byte[] TokenBytes => LazyInitializer.EnsureInitialized(ref _token, () => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))));

    /// <summary>Why the request is refused, or null. The page itself needs no token (it is what hands the token out).</summary>
    public string? Refusal(HttpContext context, bool needsToken)
    {
        if (!StatusEndpoint.IsLoopback(context))
        {
            return "the dashboard answers loopback clients only";
        }

        var request = context.Request;
        if (!IsOwnHost(request.Host))
        {
            return "wrong Host header: the dashboard answers only 127.0.0.1, localhost or [::1] on its own port";
        }

        if (request.Headers.Origin is { Count: > 0 } origin && !IsOwnOrigin(origin.ToString(), request.Host))
        {
            return "requests from another origin are refused";
        }

        if (needsToken && request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site && site.ToString() is not ("same-origin" or "none"))
        {
            return "requests from another site are refused";
        }

        if (needsToken && !TokenMatches(request))
        {
            return "missing or wrong dashboard token (reload the page)";
        }

        return null;
    }

    private bool IsOwnHost(HostString host)
    {
        if (!host.HasValue || host.Port != port())
        {
            return false;
        }

        return host.Host.ToLowerInvariant() is "127.0.0.1" or "localhost" or "[::1]";
    }

    private static bool IsOwnOrigin(string origin, HostString host) =>
        string.Equals(origin, "http://" + host.Value, StringComparison.OrdinalIgnoreCase);

    private bool TokenMatches(HttpRequest request)
    {
        var given = request.Headers[TokenHeader] is { Count: > 0 } header ? header.ToString()
            : request.Query["token"] is { Count: > 0 } query ? query.ToString()
            : null;
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), TokenBytes);
    }
}

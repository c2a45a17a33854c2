using System.Security.Cryptography;
using System.Text;
using CodexHelper.Configuration;

namespace CodexHelper.Routing;

/// <summary>
/// What tells upstreams apart for health, overrides, quota marks and reports. One relay often serves several key
/// groups (new-api / one-api): same base_url, another key and price. The id is the base_url alone when no other
/// upstream of the config has it, so the common case reads as before; else the base_url and a short one-way
/// fingerprint of the key it sends (never the key, nor a prefix of it). Same base_url and same key: one upstream.
/// </summary>
internal static class UpstreamIdentity
{
    /// <summary>Hex characters of the SHA-256 kept: plenty to tell a handful of keys apart, far too few to guess one.</summary>
    public const int FingerprintLength = 8;

    /// <summary>The ids of <paramref name="upstreams"/>, in order.</summary>
    public static string[] Assign(IReadOnlyList<UpstreamConfig> upstreams, Func<string, string?> getEnv)
    {
        var perUrl = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var u in upstreams)
        {
            perUrl[u.BaseUrl] = perUrl.GetValueOrDefault(u.BaseUrl) + 1;
        }

        var ids = new string[upstreams.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            var u = upstreams[i];
            ids[i] = perUrl[u.BaseUrl] > 1 ? Qualified(u, getEnv) : u.BaseUrl;
        }

        return ids;
    }

    /// <summary>base_url#fingerprint, whether or not the base_url is shared: the key health carries over a reload by.</summary>
    public static string Qualified(UpstreamConfig upstream, Func<string, string?> getEnv) =>
        upstream.BaseUrl + "#" + Fingerprint(upstream.Auth.ResolveAuthToken(getEnv), upstream.Auth.ResolveApiKey(getEnv));

    public static string Fingerprint(string? bearerToken, string? apiKey)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{bearerToken}\n{apiKey}"), digest);
        return Convert.ToHexStringLower(digest)[..FingerprintLength];
    }
}

using Microsoft.AspNetCore.Http;

namespace CodexHelper.Gateway;

/// <summary>
/// Where a client puts its token: <c>Authorization: Bearer …</c> (Codex's <c>env_key</c>, Claude Code's
/// <c>ANTHROPIC_AUTH_TOKEN</c>) or <c>x-api-key: …</c> (Claude Code's <c>ANTHROPIC_API_KEY</c>).
/// </summary>
internal static class PresentedToken
{
    public static ReadOnlySpan<char> From(IHeaderDictionary headers)
    {
        var authorization = headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value
            && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value.AsSpan(7).Trim();
        }

        var apiKey = headers["x-api-key"];
        return apiKey.Count == 1 && apiKey[0] is { } key ? key.AsSpan().Trim() : default;
    }
}

using CodexHelper.Configuration;

namespace CodexHelper.Proxy.Attempt;

/// <summary>
/// An upstream whose key comes from an environment variable that is not set sends requests without a key:
/// the user hears it at start and in every failed request's error, by the variable's name (never a value).
/// </summary>
internal static class UpstreamKeyCheck
{
    /// <summary>"auth_token_env NAME is not set" (or api_key_env), or null when every named variable has a value.</summary>
    public static string? MissingVariable(UpstreamConfig upstream, Func<string, string?> getEnv)
    {
        var auth = upstream.Auth;
        if (auth.AuthTokenEnv is { Length: > 0 } token && string.IsNullOrEmpty(getEnv(token)) && string.IsNullOrEmpty(auth.AuthToken))
        {
            return $"auth_token_env {token} is not set";
        }

        if (auth.ApiKeyEnv is { Length: > 0 } key && string.IsNullOrEmpty(getEnv(key)) && string.IsNullOrEmpty(auth.ApiKey))
        {
            return $"api_key_env {key} is not set";
        }

        return null;
    }
}

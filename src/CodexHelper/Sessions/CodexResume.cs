namespace CodexHelper.Sessions;

/// <summary>
/// Codex 0.169 resumes a session only with the model_provider it was made with. This turns a session's provider and
/// what config.toml defines now into a resume command that works now, and says what to start first when one is needed.
/// </summary>
internal static class CodexResume
{
    /// <summary>The original tool's (and codex-helper before 0.2's) provider id for the proxy.</summary>
    public const string LegacyProxyProvider = "codex_proxy";

    public static (string Command, string? Note) For(string id, string? provider, Func<string, bool> isConfigured, int proxyPort)
    {
        var plain = $"codex resume {id}";
        if (provider is null || isConfigured(provider))
        {
            return (plain, null);
        }

        if (provider == LegacyProxyProvider)
        {
            // Made through the proxy the old way: define codex_proxy for this one run, pointing at the proxy.
            var table = $"{{name=\"codex-helper\",base_url=\"http://127.0.0.1:{proxyPort}\",wire_api=\"responses\"}}";
            return ($"codex -c model_provider={LegacyProxyProvider} -c 'model_providers.{LegacyProxyProvider}={table}' resume {id}",
                $"made through codex-helper's old codex_proxy provider: start the proxy first (`codex-helper serve --port {proxyPort}` or `ch` in another terminal)");
        }

        return (plain, $"made with provider '{provider}', which config.toml no longer defines: add [model_providers.{provider}] back, or Codex refuses to resume it");
    }
}

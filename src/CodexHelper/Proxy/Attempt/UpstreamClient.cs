using CodexHelper.Configuration;
using CodexHelper.Proxy.Intake;

namespace CodexHelper.Proxy.Attempt;

/// <summary>What an attempt needs to reach an upstream: the shared connection pool, the clock and the keys.</summary>
/// <param name="connectTimeoutSecs">The connect timeout <paramref name="http"/> was built with (a reload does not change it).</param>
internal sealed class UpstreamClient(HttpMessageInvoker http, double connectTimeoutSecs, TimeProvider clock, Func<string, string?> getEnv, bool gateway)
{
    public HttpMessageInvoker Http { get; } = http;
    public double ConnectTimeoutSecs { get; } = connectTimeoutSecs;
    public TimeProvider Clock { get; } = clock;

    /// <summary>Which upstream minted which reasoning state, per session: shared by every request of this proxy, forgotten when it stops.</summary>
    public Conversations.ConversationMemory MintedState { get; } = new();

    public UpstreamCredentials CredentialsFor(UpstreamConfig upstream) =>
        new(upstream.Auth.ResolveAuthToken(getEnv), upstream.Auth.ResolveApiKey(getEnv), gateway);

    /// <summary>The upstream's unset key variable, said as the user should fix it; null when its key is there.</summary>
    public string? MissingKeyVariable(UpstreamConfig upstream) => UpstreamKeyCheck.MissingVariable(upstream, getEnv);
}

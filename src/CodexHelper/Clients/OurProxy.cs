using CodexHelper.Configuration;

namespace CodexHelper.Clients;

/// <summary>
/// Which local URLs are codex-helper's own proxy: a loopback URL on the port recorded at <c>switch on</c>
/// (switch-state.json) or on the service's default port. A loopback relay on any other port (claude-code-router,
/// LiteLLM, one-api…) is an ordinary upstream: we derive from it and never remove or change it.
/// </summary>
/// <remarks>While switched to a gateway, <see cref="TokenEnv"/> is the variable name <c>switch on --remote</c> wrote (Codex's
/// <c>env_key</c>, Claude Code's <c>apiKeyHelper</c>): a key still holding exactly that value is ours to undo, any other is the user's.</remarks>
internal sealed record OurProxy(IReadOnlySet<int> Ports, string? Remote = null, string? TokenEnv = null)
{
    public bool Owns(string? url) =>
        (LocalUrl.IsLocal(url) && LocalUrl.Port(url) is { } port && Ports.Contains(port))
        || (Remote is not null && url is not null && string.Equals(url.TrimEnd('/'), Remote.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    public OurProxy With(int port) => this with { Ports = new HashSet<int>(Ports) { port } };

    /// <summary>Also owns the gateway URL and token variable written by <c>switch on --remote</c>.</summary>
    public OurProxy WithRemote(string? url, string? tokenEnv) => url is null ? this : this with { Remote = url, TokenEnv = tokenEnv };

    /// <summary>True when <paramref name="value"/> is the token variable name we wrote.</summary>
    public bool OwnsTokenEnv(string? value) => TokenEnv is not null && string.Equals(value, TokenEnv, StringComparison.Ordinal);

    /// <summary>The recorded port (if any) of the last <c>switch on</c> of <paramref name="kind"/>, else null.</summary>
    public static int? RecordedPort(ServiceKind kind, AppPaths paths) =>
        SwitchStateStore.For(paths).Get(kind) is { Port: > 0 } record ? record.Port : null;

    public static OurProxy For(ServiceKind kind, AppPaths paths, Func<string, string?>? getEnv = null)
    {
        var ports = new HashSet<int> { ServicePorts.For(kind, getEnv ?? Environment.GetEnvironmentVariable) };
        if (RecordedPort(kind, paths) is { } recorded)
        {
            ports.Add(recorded);
        }

        var record = SwitchStateStore.For(paths).Get(kind);
        return new OurProxy(ports, record?.RemoteUrl, record?.Remote == true ? record.TokenEnv : null);
    }
}

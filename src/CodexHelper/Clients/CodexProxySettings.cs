namespace CodexHelper.Clients;

/// <summary>
/// What the codex_proxy provider table says. <paramref name="RequiresOpenAiAuth"/> is set when the
/// upstream has no key of its own (ChatGPT login): Codex then sends its own login token, which the
/// proxy passes through.
/// </summary>
internal sealed record CodexProxySettings(int Port, bool RequiresOpenAiAuth = false, string? RemoteUrl = null, string? EnvKey = null)
{
    public string Url => RemoteUrl ?? LocalUrl.ForPort(Port);
}

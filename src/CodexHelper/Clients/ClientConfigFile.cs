using CodexHelper.Configuration;

namespace CodexHelper.Clients;

/// <summary>
/// One client's settings file as the switcher sees it: where it lives, how to point it at the proxy,
/// how to undo that, and where it points now. The two implementations are the only code that knows
/// the formats (config.toml, settings.json).
/// </summary>
internal abstract class ClientConfigFile(string path)
{
    /// <summary>Suffix of the backup written next to the file (the original tool's naming).</summary>
    public const string BackupSuffix = ".codex-helper-backup";

    public abstract ServiceKind Kind { get; }

    public string FilePath { get; } = path;

    public string BackupPath => FilePath + BackupSuffix;

    /// <summary>The new text, with the proxy settings applied to <paramref name="current"/> (empty for a missing file).</summary>
    public abstract string SwitchOn(ClientFileText current, SwitchOptions options);

    /// <summary>
    /// The text with only codex-helper's changes undone; <paramref name="original"/> is the backup, if any.
    /// Only values pointing at <paramref name="ours"/> are touched.
    /// </summary>
    public abstract string SwitchOff(ClientFileText current, ClientFileText? original, OurProxy ours);

    /// <summary>Where the file points: provider id (Codex) and base URL, and whether that is our proxy. Throws for a malformed file.</summary>
    public abstract ClientTarget Describe(ClientFileText current, OurProxy ours);
}

/// <summary>Where a client file points now.</summary>
internal sealed record ClientTarget(string? Provider, string? BaseUrl, bool PointsAtOurProxy);

/// <summary>
/// What <c>switch on</c> writes: the proxy's port, and whether the upstream has no key so the client must keep
/// sending its own login (Codex: <c>requires_openai_auth = true</c>; Claude: no placeholder token).
/// </summary>
/// <remarks>With <paramref name="RemoteUrl"/> set, the client points at a codex-helper gateway instead, sending the token
/// found in the environment variable <paramref name="TokenEnv"/> (its name is written, never its value).</remarks>
internal sealed record SwitchOptions(int Port, bool PassThroughClientAuth = false, string? RemoteUrl = null, string? TokenEnv = null)
{
    public bool IsRemote => RemoteUrl is not null;

    public string TargetUrl => RemoteUrl ?? LocalUrl.ForPort(Port);
}

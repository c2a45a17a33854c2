using CodexHelper.Configuration;

namespace CodexHelper.Clients;

/// <summary>Codex's <c>$CODEX_HOME/config.toml</c>: the top-level <c>model_provider</c> and the codex_proxy table.</summary>
internal sealed class CodexConfigFile(string path) : ClientConfigFile(path)
{
    public override ServiceKind Kind => ServiceKind.Codex;

    public override string SwitchOn(ClientFileText current, SwitchOptions options) =>
        CodexProxyEdit.SwitchOn(current, new CodexProxySettings(options.Port, options.PassThroughClientAuth && !options.IsRemote, options.RemoteUrl, options.TokenEnv), FilePath);

    public override string SwitchOff(ClientFileText current, ClientFileText? original, OurProxy ours) =>
        CodexProxyEdit.SwitchOff(current, original, ours, FilePath, BackupPath);

    public override ClientTarget Describe(ClientFileText current, OurProxy ours)
    {
        var toml = CodexConfigToml.Parse(current.Text, FilePath);
        var provider = toml.Provider(toml.EffectiveProviderId);
        return new ClientTarget(toml.EffectiveProviderId, provider.BaseUrl, toml.PointsAt(ours));
    }
}

using CodexHelper.Configuration;

namespace CodexHelper.Clients;

/// <summary>Claude Code's <c>settings.json</c> (or the legacy <c>claude.json</c>): <c>env.ANTHROPIC_BASE_URL</c> and a placeholder token.</summary>
internal sealed class ClaudeSettingsFile(string path) : ClientConfigFile(path)
{
    public override ServiceKind Kind => ServiceKind.Claude;

    public override string SwitchOn(ClientFileText current, SwitchOptions options)
    {
        var settings = ClaudeSettingsJson.Parse(current.Text, FilePath);
        if (options.IsRemote)
        {
            settings.SwitchOnRemote(options.RemoteUrl!, options.TokenEnv!);
        }
        else
        {
            settings.SwitchOn(options.Port, addPlaceholderToken: !options.PassThroughClientAuth);
        }

        return Write(settings, current);
    }

    public override string SwitchOff(ClientFileText current, ClientFileText? original, OurProxy ours)
    {
        var settings = ClaudeSettingsJson.Parse(current.Text, FilePath);
        var before = original is null ? null : ClaudeSettingsJson.Parse(original.Text, BackupPath);
        settings.SwitchOff(before, ours);
        return Write(settings, current);
    }

    public override ClientTarget Describe(ClientFileText current, OurProxy ours)
    {
        var settings = ClaudeSettingsJson.Parse(current.Text, FilePath);
        return new ClientTarget(null, settings.Env(ClaudeSettingsJson.BaseUrlKey), settings.PointsAt(ours));
    }

    /// <summary>A file that ended with a line break keeps it; a new file gets one.</summary>
    private static string Write(ClaudeSettingsJson settings, ClientFileText current) =>
        settings.Serialize(current.NewLine, current.Text.Length == 0 || current.Text.EndsWith('\n'));
}

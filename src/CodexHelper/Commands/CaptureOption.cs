using System.CommandLine;
using CodexHelper.Dashboard;

namespace CodexHelper.Commands;

/// <summary><c>--capture</c> on <c>serve</c> and on <c>ch</c>: write each inspected request to disk while the proxy runs.</summary>
internal sealed class CaptureOption
{
    private readonly Option<bool> _capture = new("--capture")
    {
        Description = $"Also write each request as the inspector shows it (keys masked, bodies cut) to ~/.codex-helper/captures/SERVICE/, keeping the newest {CaptureSettings.DefaultKeep}",
    };

    public void AddTo(Command command) => command.Options.Add(_capture);

    public CaptureSettings? Resolve(ParseResult result) => result.GetValue(_capture) ? new CaptureSettings() : null;
}

using System.Text.RegularExpressions;

namespace CodexHelper.Tests.Dashboard;

internal static partial class DashboardHttp
{
    /// <summary>The per-process token, read from the page like the browser does.</summary>
    public static async Task<string> TokenAsync(DashboardFixture f)
    {
        var page = await f.Proxy.Client.GetStringAsync("/__codex_helper/ui");
        return TokenMeta().Match(page).Groups[1].Value;
    }

    [GeneratedRegex("codex-helper-token\" content=\"([0-9a-f]+)\"")]
    private static partial Regex TokenMeta();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace CodexHelper.Gateway;

/// <summary>
/// The id of one gateway replica: <c>--instance</c>, else <c>CODEX_HELPER_INSTANCE</c>, else host name and port.
/// It names the replica's request log and appears in each of its lines, so it must be stable across restarts.
/// </summary>
internal static partial class GatewayInstance
{
    public static string Resolve(string? option, Func<string, string?> getEnv, int port)
    {
        var chosen = option is { Length: > 0 } ? option : getEnv("CODEX_HELPER_INSTANCE");
        if (chosen is { Length: > 0 })
        {
            return Valid().IsMatch(chosen)
                ? chosen
                : throw new UserFacingException($"instance id \"{chosen}\" must be 1-64 letters, digits, '_' or '-'", 2);
        }

        var host = Invalid().Replace(Environment.MachineName, "-");
        return string.Create(CultureInfo.InvariantCulture, $"{(host.Length > 0 ? host : "host")}-{port}");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Valid();

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex Invalid();
}

using System.Globalization;

namespace CodexHelper.Configuration;

/// <summary>
/// The port each proxy uses when no <c>--port</c> is given (serve, switch on, the one-command start) and
/// where <c>status</c> and <c>doctor</c> look for it: Codex 3211, Claude 3210, or
/// <c>CODEX_HELPER_CODEX_PORT</c> / <c>CODEX_HELPER_CLAUDE_PORT</c> when set.
/// </summary>
internal static class ServicePorts
{
    public static string EnvVar(ServiceKind kind) => kind == ServiceKind.Codex ? "CODEX_HELPER_CODEX_PORT" : "CODEX_HELPER_CLAUDE_PORT";

    public static int For(ServiceKind kind, Func<string, string?> getEnv) =>
        getEnv(EnvVar(kind)) is { Length: > 0 } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : kind.DefaultPort();
}

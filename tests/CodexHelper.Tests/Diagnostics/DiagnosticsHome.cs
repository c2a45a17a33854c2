using System.Net;
using System.Net.Sockets;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Diagnostics;

/// <summary>Shared set-up for status/doctor tests: a config with a secret key, client files, an unused port.</summary>
internal static class DiagnosticsHome
{
    public const string SecretKey = "sk-test-SECRET-0123456789abcdef";

    public static void WriteConfig(TempHome home, string? codexUpstreams = null)
    {
        codexUpstreams ??= "[{\"base_url\":\"https://relay.example/v1\",\"auth\":{\"auth_token\":\"" + SecretKey + "\"}}]";
        home.WriteHelperFile("config.json",
            "{\"version\":1,\"codex\":{\"active\":\"relay\",\"configs\":{\"relay\":{\"name\":\"relay\",\"upstreams\":" + codexUpstreams
            + "}}},\"claude\":{\"active\":null,\"configs\":{}}}");
    }

    public static void WriteCodexToml(TempHome home, string text) => File.WriteAllText(home.Paths.CodexConfigToml, text);

    public static string SwitchedOnToml(int port) => $"""
        model_provider = "codex_proxy"

        [model_providers.codex_proxy]
        name = "codex-helper"
        base_url = "http://127.0.0.1:{port}"
        wire_api = "responses"
        """;

    /// <summary>A port nothing listens on (bound, then released), pointed at by the status/doctor env overrides.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static void UseFreePorts(TempHome home)
    {
        home.Env["CODEX_HELPER_CODEX_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        home.Env["CODEX_HELPER_CLAUDE_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        home.Env["PATH"] = Path.Combine(home.Root, "bin");
    }
}

namespace CodexHelper.Clients;

/// <summary>Recognises URLs that point at this machine, i.e. at codex-helper's own proxy.</summary>
internal static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || uri.Host is "localhost" or "0.0.0.0" or "[::]");

    public static int? Port(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Port : null;

    public static string ForPort(int port) => $"http://127.0.0.1:{port}";
}

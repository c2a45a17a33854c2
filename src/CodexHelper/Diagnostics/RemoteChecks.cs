using CodexHelper.Clients;
using CodexHelper.Configuration;

namespace CodexHelper.Diagnostics;

/// <summary>
/// <c>doctor</c> for a client switched to a remote gateway: does the gateway answer? Any HTTP answer to
/// <c>/__codex_helper/status</c> counts (without the admin token a gateway says 401, which still proves it is there);
/// only a connection error or a timeout fails. No token is sent.
/// </summary>
internal static class RemoteChecks
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<DoctorCheck?> GatewayAsync(ServiceKind kind, AppPaths paths, CancellationToken ct, TimeSpan? timeout = null)
    {
        if (SwitchStateStore.For(paths).Get(kind) is not { Remote: true, RemoteUrl: { } url } record)
        {
            return null;
        }

        var id = $"{kind.Name()}_gateway";
        using var http = new HttpClient { Timeout = timeout ?? Timeout };
        try
        {
            using var response = await http.GetAsync(url.TrimEnd('/') + "/__codex_helper/status", HttpCompletionOption.ResponseHeadersRead, ct);
            return DoctorCheck.Pass(id, $"gateway {url} answers (HTTP {(int)response.StatusCode}); token from ${record.TokenEnv}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return DoctorCheck.Failure(id, $"gateway {url} does not answer ({(ex is TaskCanceledException ? "timed out" : ex.Message)})",
                $"check the URL and your network (VPN?), or ask the gateway's admin; `codex-helper switch off --{(kind == ServiceKind.Codex ? "codex" : "claude")}` goes back to your own files");
        }
    }
}

using CodexHelper.Clients;
using CodexHelper.Configuration;

namespace CodexHelper.Diagnostics;

/// <summary>
/// <c>doctor</c> for a client switched to a remote gateway: does the gateway answer? Any HTTP answer to
/// <c>/__codex_helper/status</c> counts (without the admin token a gateway says 401, which still proves it is there);
/// only a connection error or a timeout fails. No token is sent; that the token's variable is set in this shell is
/// checked by name (a client started from it would send nothing without it).
/// </summary>
internal static class RemoteChecks
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<DoctorCheck?> GatewayAsync(ServiceKind kind, AppPaths paths, CancellationToken ct, TimeSpan? timeout = null, Func<string, string?>? getEnv = null)
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
            var answers = $"gateway {url} answers (HTTP {(int)response.StatusCode})";
            return getEnv is not null && record.TokenEnv is { } variable && string.IsNullOrEmpty(getEnv(variable))
                ? DoctorCheck.Warning(id, $"{answers}, but ${variable} is not set in this shell: the client would send no token and get 401",
                    $"export {variable}=<your gateway token> (e.g. in ~/.profile) before starting the client")
                : DoctorCheck.Pass(id, $"{answers}; token from ${record.TokenEnv}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return DoctorCheck.Failure(id, $"gateway {url} does not answer ({(ex is TaskCanceledException ? "timed out" : ex.Message)})",
                $"check the URL and your network (VPN?), or ask the gateway's admin; `codex-helper switch off --{(kind == ServiceKind.Codex ? "codex" : "claude")}` goes back to your own files");
        }
    }
}

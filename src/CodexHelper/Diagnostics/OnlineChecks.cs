using System.Net.Http.Headers;
using CodexHelper.Configuration;
using CodexHelper.Wire;

namespace CodexHelper.Diagnostics;

/// <summary>
/// <c>doctor --online</c>: each upstream of each active config answers a cheap <c>GET {base}/models</c> with its key.
/// The key goes only into the request header; messages name the host, never the key.
/// </summary>
internal static class OnlineChecks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(HelperConfig? config, Func<string, string?> getEnv, CancellationToken ct)
    {
        if (config is null)
        {
            return [DoctorCheck.Note("online", "no config.json: no upstreams to try")];
        }

        using var http = new HttpClient { Timeout = Timeout };
        var tasks = new List<Task<DoctorCheck>>();
        foreach (var kind in new[] { ServiceKind.Codex, ServiceKind.Claude })
        {
            if (config.Section(kind).ActiveConfig is not { } cfg)
            {
                continue;
            }

            for (var i = 0; i < cfg.Upstreams.Count; i++)
            {
                tasks.Add(ProbeAsync(http, kind, cfg.Name, i, cfg.Upstreams[i], getEnv, ct));
                tasks.Add(ProtocolAsync(http, kind, cfg.Name, i, cfg.Upstreams[i], getEnv, ct));
            }
        }

        return tasks.Count == 0 ? [DoctorCheck.Note("online", "no upstreams configured")] : await Task.WhenAll(tasks);
    }

    /// <summary>
    /// The upstream has the turn endpoint of the protocol it is spoken to in; when it has not, which protocol it
    /// speaks instead (asked with an empty body, which a relay refuses without running a model).
    /// </summary>
    private static async Task<DoctorCheck> ProtocolAsync(HttpClient http, ServiceKind kind, string config, int index, UpstreamConfig upstream, Func<string, string?> getEnv, CancellationToken ct)
    {
        var id = $"online.{kind.Name()}.{config}.{index}.protocol";
        if (ConfigValidator.UrlProblem(upstream.BaseUrl) is not null)
        {
            return DoctorCheck.Note(id, "no valid base_url");
        }

        var protocol = upstream.ProtocolFor(kind.ClientProtocol());
        var credentials = new Proxy.Intake.UpstreamCredentials(upstream.Auth.ResolveAuthToken(getEnv), upstream.Auth.ResolveApiKey(getEnv));
        var url = Proxy.Attempt.UpstreamTarget.Join(upstream.BaseUrl, protocol.TurnPath(), null);
        if (await Proxy.Failover.ProtocolProbe.ServesAsync(http, upstream.BaseUrl, protocol, credentials.For(protocol), ct))
        {
            return DoctorCheck.Pass(id, $"{url} exists: the relay speaks {protocol.Title()}");
        }

        var other = await Proxy.Failover.ProtocolProbe.OtherProtocolAsync(http, upstream.BaseUrl, protocol, credentials, ct);
        return DoctorCheck.Failure(id, $"{url}: no {protocol.Title()} endpoint there (404, or no answer)", Proxy.Failover.ProtocolProbe.Hint(protocol, other));
    }

    private static async Task<DoctorCheck> ProbeAsync(HttpClient http, ServiceKind kind, string config, int index, UpstreamConfig upstream, Func<string, string?> getEnv, CancellationToken ct)
    {
        var id = $"online.{kind.Name()}.{config}.{index}";
        if (ConfigValidator.UrlProblem(upstream.BaseUrl) is { } problem)
        {
            return DoctorCheck.Failure(id, problem);
        }

        var url = upstream.BaseUrl.TrimEnd('/') + "/models";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (upstream.Auth.ResolveAuthToken(getEnv) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (upstream.Auth.ResolveApiKey(getEnv) is { } apiKey)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        }

        if (kind == ServiceKind.Claude)
        {
            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            return code switch
            {
                >= 200 and < 300 => DoctorCheck.Pass(id, $"{url} answered {code}"),
                401 or 403 => DoctorCheck.Failure(id, $"{url} answered {code}: key rejected", "check the key in config.json (or its environment variable)"),
                404 or 405 => DoctorCheck.Pass(id, $"{url} answered {code}: reachable (no /models endpoint)"),
                _ => DoctorCheck.Warning(id, $"{url} answered {code}", "the upstream may be down or rate-limiting"),
            };
        }
        catch (HttpRequestException ex)
        {
            return DoctorCheck.Failure(id, $"{url}: {ex.Message}", "check the URL and your network");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return DoctorCheck.Failure(id, $"{url}: no answer within {Timeout.TotalSeconds:0} s", "check the URL and your network");
        }
    }
}

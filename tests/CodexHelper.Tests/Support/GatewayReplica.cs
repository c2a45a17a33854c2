using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CodexHelper.Tests.Support;

/// <summary>
/// A gateway replica as its own process: the codex-helper built next to these tests, run with
/// <c>serve --gateway --instance ID --state URL</c> against a test home.
/// </summary>
internal sealed class GatewayReplica : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayReplica(Process process, int port, string adminToken)
    {
        _process = process;
        Port = port;
        AdminToken = adminToken;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }
    public string AdminToken { get; }
    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<GatewayReplica> StartAsync(TempHome home, string instance, string stateUrl, string adminToken)
    {
        var port = FreePort.Get();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home.Root,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "codex-helper.dll"), "serve", "--gateway", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--instance", instance, "--state", stateUrl })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (k, v) in home.Env)
        {
            psi.Environment[k] = v;
        }

        var replica = new GatewayReplica(Process.Start(psi)!, port, adminToken);
        for (var i = 0; i < 300; i++)
        {
            if (replica._process.HasExited)
            {
                throw new InvalidOperationException($"replica {instance} exited early:\n{replica.Output}");
            }

            try
            {
                if ((await replica.StatusAsync()) is not null)
                {
                    return replica;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await replica.DisposeAsync();
        throw new TimeoutException($"replica {instance} did not start:\n{replica.Output}");
    }

    /// <summary>The live status (admin token), or null while it does not answer 200.</summary>
    public async Task<JsonObject?> StatusAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/__codex_helper/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await Client.SendAsync(request);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
    }

    /// <summary>The state (ok, cooling_down, half_open, exhausted) this replica sees for an upstream.</summary>
    public async Task<string?> UpstreamStateAsync(string baseUrl)
    {
        var status = await StatusAsync();
        return status?["upstreams"]?.AsArray().FirstOrDefault(u => u!["base_url"]!.GetValue<string>() == baseUrl)?["state"]?.GetValue<string>();
    }

    public async Task<HttpResponseMessage> PostAsync(string token, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{\"model\":\"gpt-5\"}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Client.SendAsync(request);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

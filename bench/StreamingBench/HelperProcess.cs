using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StreamingBench;

/// <summary>
/// A <c>codex-helper serve</c> started from the published binary, with its own temporary homes, a config that
/// points at <paramref name="upstreamBaseUrl"/>, one filter rule and logging on (as users run it).
/// </summary>
internal sealed class HelperProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _home;

    private HelperProcess(Process process, string home, int port)
    {
        _process = process;
        _home = home;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public int Pid => _process.Id;

    /// <summary>The processor time the helper has used so far (all threads).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <param name="service">"codex" or "claude": which section the config fills and which flag <c>serve</c> gets.</param>
    /// <param name="protocol">The upstream's <c>"protocol"</c>; null leaves it out (the client's own).</param>
    public static async Task<HelperProcess> StartAsync(string helperPath, string upstreamBaseUrl, string service = "codex", string? protocol = null)
    {
        var home = Directory.CreateTempSubdirectory("chbench-home-").FullName;
        var helperHome = Path.Combine(home, "helper");
        Directory.CreateDirectory(helperHome);
        var upstream = "{\"base_url\":\"" + upstreamBaseUrl + "\",\"auth\":{\"auth_token\":\"sk-bench-0000000000\"}" + (protocol is null ? "" : ",\"protocol\":\"" + protocol + "\"") + "}";
        var used = "{\"active\":\"b\",\"configs\":{\"b\":{\"name\":\"b\",\"upstreams\":[" + upstream + "]}}}";
        const string unused = "{\"active\":null,\"configs\":{}}";
        var config = "{\"version\":1,\"codex\":" + (service == "codex" ? used : unused) + ",\"claude\":" + (service == "codex" ? unused : used) + "}";
        await File.WriteAllTextAsync(Path.Combine(helperHome, "config.json"), config);
        await File.WriteAllTextAsync(Path.Combine(helperHome, "filter.json"),
            """[{"op":"replace","source":"secret-corp.com","target":"[REDACTED]"}]""");

        var port = FreePort();
        var info = new ProcessStartInfo(helperPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "serve", "--" + service, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["CODEX_HELPER_HOME"] = helperHome;
        info.Environment["CODEX_HOME"] = Path.Combine(home, "codex");
        info.Environment["CLAUDE_CONFIG_DIR"] = Path.Combine(home, "claude");
        var process = Process.Start(info) ?? throw new BenchException($"cannot start {helperPath}");
        // One console line per request: drain it so the pipe never blocks the proxy.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"  [helper] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var helper = new HelperProcess(process, home, port);
        await helper.WaitReadyAsync();
        return helper;
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new BenchException($"codex-helper exited with {_process.ExitCode} before it listened");
            }

            try
            {
                using var response = await client.GetAsync($"{BaseUrl}/__codex_helper/status");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new BenchException("codex-helper did not answer /__codex_helper/status within 30 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_home, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

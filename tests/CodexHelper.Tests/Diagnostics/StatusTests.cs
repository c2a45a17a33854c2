using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Diagnostics;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Diagnostics.DiagnosticsHome;
using CodexHelper.Proxy.Hosting;

namespace CodexHelper.Tests.Diagnostics;

public sealed class StatusTests
{
    [Fact]
    public async Task Not_running_reports_config_json_upstreams_without_keys()
    {
        using var home = new TempHome();
        UseFreePorts(home);
        WriteConfig(home);
        UsageLogWriter(home);

        var run = await home.RunAsync("status", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(SecretKey, run.Out);
        Assert.DoesNotContain("0123456789abcdef", run.Out);
        using var doc = JsonDocument.Parse(run.Out);
        var codex = doc.RootElement.GetProperty("services")[0];
        Assert.Equal("codex", codex.GetProperty("service").GetString());
        Assert.Equal("not_running", codex.GetProperty("proxy").GetString());
        Assert.Equal("config.json", codex.GetProperty("source").GetString());
        Assert.Equal("relay", codex.GetProperty("active_config").GetString());
        Assert.True(codex.GetProperty("upstreams")[0].GetProperty("has_key").GetBoolean());
        Assert.Equal(2, doc.RootElement.GetProperty("log").GetProperty("files").GetInt32());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600123), doc.RootElement.GetProperty("log").GetProperty("last_request").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_active_naming_a_missing_config_is_the_config_problem_not_another_config()
    {
        using var home = new TempHome();
        UseFreePorts(home);
        WriteConfig(home);
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(home.Paths.ConfigJson))!;
        config["codex"]!["active"] = "wrok";
        home.WriteHelperFile("config.json", config.ToJsonString());

        var run = await home.RunAsync("status", "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var codex = doc.RootElement.GetProperty("services")[0];
        Assert.Contains($"\"active\" names codex config \"wrok\", which is not in {home.Paths.ConfigJson}", codex.GetProperty("config_problem").GetString(), StringComparison.Ordinal);
        Assert.True(!codex.TryGetProperty("active_config", out var active) || active.ValueKind == JsonValueKind.Null);
        Assert.Contains("wrok", (await home.RunAsync("status")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_proxy_is_found_on_its_port_with_live_upstream_health()
    {
        using var home = new TempHome();
        UseFreePorts(home);
        WriteConfig(home);
        await using var server = await ProxyServer.StartAsync(new ProxyServerOptions { Kind = ServiceKind.Codex, Paths = home.Paths, Port = 0, GetEnv = home.GetEnv });
        home.Env["CODEX_HELPER_CODEX_PORT"] = server.Port.ToString(CultureInfo.InvariantCulture);
        WriteCodexToml(home, SwitchedOnToml(server.Port));
        File.WriteAllText(home.Paths.CodexConfigToml + ".codex-helper-backup", "model_provider = \"openai\"\n");

        var json = await home.RunAsync("status", "--json");
        var text = await home.RunAsync("status");

        using var doc = JsonDocument.Parse(json.Out);
        var codex = doc.RootElement.GetProperty("services")[0];
        Assert.True("running" == codex.GetProperty("proxy").GetString(), json.Out);
        Assert.Equal("proxy", codex.GetProperty("source").GetString());
        Assert.Equal(Environment.ProcessId, codex.GetProperty("pid").GetInt32());
        Assert.Equal("ok", codex.GetProperty("upstreams")[0].GetProperty("state").GetString());
        Assert.True(codex.GetProperty("client").GetProperty("switched_on").GetBoolean());
        Assert.True(codex.GetProperty("client").GetProperty("backup_exists").GetBoolean());
        Assert.Equal("not_running", doc.RootElement.GetProperty("services")[1].GetProperty("proxy").GetString());
        Assert.DoesNotContain(SecretKey, json.Out);
        Assert.True(text.Out.Contains($"running on :{server.Port}", StringComparison.Ordinal), text.Out + text.Error);
        Assert.Contains("switched on", text.Out);
        Assert.DoesNotContain(SecretKey, text.Out);
    }

    [Fact]
    public async Task A_port_held_by_another_program_is_reported_as_such()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var answering = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            _ = await stream.ReadAtLeastAsync(new byte[1024], 1, throwOnEndOfStream: false);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        });

        var probe = await ProxyProbe.ProbeAsync(port, TimeSpan.FromSeconds(5), CancellationToken.None);
        await answering;

        Assert.Equal(ProxyState.Foreign, probe.State);
        Assert.Contains("404", probe.Detail);
    }

    [Fact]
    public async Task A_closed_port_is_not_running()
    {
        var probe = await ProxyProbe.ProbeAsync(FreePort(), TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(ProxyState.NotRunning, probe.State);
    }

    [Fact]
    public void Port_override_comes_from_the_environment()
    {
        Assert.Equal(4000, ServicePorts.For(ServiceKind.Claude, n => n == "CODEX_HELPER_CLAUDE_PORT" ? "4000" : null));
        Assert.Equal(3211, ServicePorts.For(ServiceKind.Codex, n => n == "CODEX_HELPER_CODEX_PORT" ? "junk" : null));
    }

    private static void UsageLogWriter(TempHome home)
    {
        Directory.CreateDirectory(home.Paths.LogsDir);
        File.WriteAllText(home.Paths.RequestLog + ".1", "{\"timestamp_ms\":1767225600000,\"service\":\"codex\",\"method\":\"POST\",\"path\":\"/\",\"status_code\":200,\"duration_ms\":1,\"config_name\":null,\"upstream_base_url\":null}\n");
        File.WriteAllText(home.Paths.RequestLog, "{\"timestamp_ms\":1767225600123,\"service\":\"codex\",\"method\":\"POST\",\"path\":\"/\",\"status_code\":200,\"duration_ms\":1,\"config_name\":null,\"upstream_base_url\":null}\n{half");
    }
}

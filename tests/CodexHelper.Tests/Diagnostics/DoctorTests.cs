using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.Diagnostics;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Diagnostics.DiagnosticsHome;
using CodexHelper.Proxy.Hosting;

namespace CodexHelper.Tests.Diagnostics;

public sealed class DoctorTests
{
    private static async Task<(int Code, Dictionary<string, JsonElement> Checks, string Json)> DoctorAsync(TempHome home, params string[] extra)
    {
        var run = await home.RunAsync(["doctor", "--json", .. extra]);
        using var doc = JsonDocument.Parse(run.Out);
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.Clone());
        return (run.ExitCode, checks, run.Out);
    }

    private static string Status(Dictionary<string, JsonElement> checks, string id) => checks[id].GetProperty("status").GetString()!;

    private static TempHome Healthy()
    {
        var home = new TempHome();
        UseFreePorts(home);
        WriteConfig(home);
        WriteCodexToml(home, "model_provider = \"openai\"\n");
        File.WriteAllText(home.Paths.CodexAuthJson, "{\"OPENAI_API_KEY\":\"" + SecretKey + "\"}");
        File.WriteAllText(Path.Combine(home.Paths.ClaudeHome, "settings.json"), "{\"env\":{}}");
        return home;
    }

    [Fact]
    public async Task A_healthy_home_passes_and_json_has_checks_summary_and_no_key()
    {
        using var home = Healthy();
        var (code, checks, json) = await DoctorAsync(home);

        Assert.Equal(0, code);
        Assert.DoesNotContain(SecretKey, json);
        foreach (var id in new[] { "proxy_config.codex", "config.upstreams", "codex.config.toml", "codex.auth.json", "codex.auth.api_key", "codex.switch",
                     "codex.profiles", "bootstrap.codex", "claude.settings.json", "claude.switch", "filter.json", "ports.codex", "ports.claude", "logs.disk" })
        {
            Assert.True(Status(checks, id) == "ok", $"{id}: {checks[id]}");
        }

        Assert.Equal("info", Status(checks, "logs.requests"));
        Assert.Equal("info", Status(checks, "usage_providers"));
        using var doc = JsonDocument.Parse(json);
        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal(checks.Count, summary.GetProperty("ok").GetInt32() + summary.GetProperty("info").GetInt32() + summary.GetProperty("warn").GetInt32() + summary.GetProperty("fail").GetInt32());
    }

    [Fact]
    public async Task Broken_files_fail_and_the_exit_code_is_1()
    {
        using var home = Healthy();
        WriteCodexToml(home, "model_provider = \n");
        File.WriteAllText(home.Paths.CodexAuthJson, "{");
        File.WriteAllText(Path.Combine(home.Paths.ClaudeHome, "settings.json"), "{\"env\":");
        home.WriteHelperFile("filter.json", "[{\"op\":\"rename\",\"source\":\"x\"}]");
        home.WriteHelperFile("usage_providers.json", "{\"providers\":{}}");

        var (code, checks, _) = await DoctorAsync(home);

        Assert.Equal(1, code);
        foreach (var id in new[] { "codex.config.toml", "codex.auth.json", "claude.settings.json", "filter.json", "usage_providers" })
        {
            Assert.True(Status(checks, id) == "fail", $"{id}: {checks[id]}");
        }

        Assert.Equal("ok", Status(checks, "bootstrap.codex")); // config.json has codex configs: config.toml is not needed
    }

    [Fact]
    public async Task Config_json_states()
    {
        using var home = Healthy();
        File.Delete(home.Paths.ConfigJson);
        var (_, missing, _) = await DoctorAsync(home);
        Assert.Equal("warn", Status(missing, "proxy_config.codex"));
        Assert.Equal("ok", Status(missing, "bootstrap.codex"));

        home.WriteHelperFile("config.json", "{\"version\":1,");
        var (code, broken, _) = await DoctorAsync(home);
        Assert.Equal(1, code);
        Assert.Equal("fail", Status(broken, "proxy_config.codex"));
        Assert.Equal("fail", Status(broken, "proxy_config.claude"));
    }

    [Fact]
    public async Task A_broken_config_offers_the_backup_only_when_it_exists()
    {
        using var home = Healthy();
        home.WriteHelperFile("config.json", "{\"version\":1,");
        Assert.False(File.Exists(home.Paths.ConfigJsonBackup));
        var (_, nobak, _) = await DoctorAsync(home);
        var hint = nobak["proxy_config.codex"].GetProperty("hint").GetString()!;
        Assert.DoesNotContain(".bak", hint, StringComparison.Ordinal);
        Assert.Contains("no backup", hint, StringComparison.Ordinal);

        File.WriteAllText(home.Paths.ConfigJsonBackup, "{\"version\":1}");
        var (_, withbak, _) = await DoctorAsync(home);
        Assert.Contains($"`cp {home.Paths.ConfigJsonBackup} {home.Paths.ConfigJson}`", withbak["proxy_config.codex"].GetProperty("hint").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_active_naming_a_missing_config_fails_naming_the_file_and_the_config()
    {
        using var home = Healthy();
        var text = File.ReadAllText(home.Paths.ConfigJson);
        var active = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        var existing = active["codex"]!["configs"]!.AsObject().Single().Key;
        active["codex"]!["active"] = "wrok";
        home.WriteHelperFile("config.json", active.ToJsonString());
        var (code, checks, _) = await DoctorAsync(home);
        Assert.Equal(1, code);
        Assert.Equal("fail", Status(checks, "proxy_config.codex"));
        Assert.Contains($"\"active\" names codex config \"wrok\", which is not in {home.Paths.ConfigJson} (configs: {existing})", checks["proxy_config.codex"].GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstreams_without_keys_warn_and_unset_env_vars_fail_without_printing_keys()
    {
        using var home = Healthy();
        WriteConfig(home, "[{\"base_url\":\"https://a.example/v1\",\"auth\":{}}]");
        var (_, nokey, _) = await DoctorAsync(home);
        Assert.Equal("warn", Status(nokey, "config.upstreams"));

        WriteConfig(home, "[{\"base_url\":\"https://a.example/v1\",\"auth\":{\"auth_token_env\":\"RELAY_KEY\"}}]");
        var (code, unset, _) = await DoctorAsync(home);
        Assert.Equal(1, code);
        Assert.Equal("fail", Status(unset, "config.upstreams"));
        Assert.Contains("RELAY_KEY", unset["config.upstreams"].GetProperty("message").GetString());

        home.Env["RELAY_KEY"] = SecretKey;
        var (_, set, json) = await DoctorAsync(home);
        Assert.Equal("ok", Status(set, "config.upstreams"));
        Assert.DoesNotContain(SecretKey, json);
    }

    [Fact]
    public async Task Switch_and_profile_states()
    {
        using var home = Healthy();
        var port = int.Parse(home.Env["CODEX_HELPER_CODEX_PORT"], CultureInfo.InvariantCulture);
        var backup = home.Paths.CodexConfigToml + ClientProbe.BackupSuffix;

        WriteCodexToml(home, SwitchedOnToml(port));
        var (_, noBackup, _) = await DoctorAsync(home);
        Assert.Equal("warn", Status(noBackup, "codex.switch"));

        File.WriteAllText(backup, "model_provider = \"openai\"\n");
        WriteCodexToml(home, SwitchedOnToml(port) + "\n[profiles.fast]\nmodel_provider = \"openai\"\n");
        var (_, ok, _) = await DoctorAsync(home);
        Assert.Equal("ok", Status(ok, "codex.switch"));
        Assert.Equal("warn", Status(ok, "codex.profiles"));
        Assert.Contains("fast", ok["codex.profiles"].GetProperty("message").GetString());

        WriteCodexToml(home, SwitchedOnToml(port + 1));
        var (_, otherPort, _) = await DoctorAsync(home);
        Assert.Equal("warn", Status(otherPort, "codex.switch"));

        File.WriteAllText(backup, SwitchedOnToml(port));
        var (code, selfBackup, _) = await DoctorAsync(home);
        Assert.Equal(1, code);
        Assert.Equal("fail", Status(selfBackup, "codex.switch"));
    }

    [Fact]
    public async Task Bootstrap_refuses_a_config_toml_that_points_at_the_proxy_without_backup()
    {
        using var home = Healthy();
        File.Delete(home.Paths.ConfigJson);
        WriteCodexToml(home, SwitchedOnToml(3211));
        var (code, checks, _) = await DoctorAsync(home);
        Assert.Equal(1, code);
        Assert.Equal("fail", Status(checks, "bootstrap.codex"));
    }

    [Fact]
    public async Task Ports_are_ok_when_free_or_ours_and_fail_when_held_by_another_program()
    {
        using var home = Healthy();
        await using (var server = await ProxyServer.StartAsync(new ProxyServerOptions { Kind = ServiceKind.Codex, Paths = home.Paths, Port = 0, GetEnv = home.GetEnv }))
        {
            home.Env["CODEX_HELPER_CODEX_PORT"] = server.Port.ToString(CultureInfo.InvariantCulture);
            var (_, ours, _) = await DoctorAsync(home);
            Assert.Equal("ok", Status(ours, "ports.codex"));
            Assert.Contains("codex-helper proxy running", ours["ports.codex"].GetProperty("message").GetString());
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        home.Env["CODEX_HELPER_CLAUDE_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        var answering = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            _ = await stream.ReadAtLeastAsync(new byte[1024], 1, throwOnEndOfStream: false);
            await stream.WriteAsync("SSH-2.0-OpenSSH\r\n"u8.ToArray());
        });
        var (code, held, _) = await DoctorAsync(home);
        await answering;
        Assert.Equal(1, code);
        Assert.Equal("fail", Status(held, "ports.claude"));
    }

    [Fact]
    public async Task Request_log_states()
    {
        using var home = Healthy();
        Directory.CreateDirectory(home.Paths.LogsDir);
        var good = "{\"timestamp_ms\":1767225600000,\"service\":\"codex\",\"method\":\"POST\",\"path\":\"/\",\"status_code\":200,\"duration_ms\":1,\"config_name\":null,\"upstream_base_url\":null}";
        File.WriteAllText(home.Paths.RequestLog, good + "\n");
        var (_, ok, _) = await DoctorAsync(home);
        Assert.Equal("ok", Status(ok, "logs.requests"));

        File.AppendAllText(home.Paths.RequestLog, "{torn\n");
        var (_, torn, _) = await DoctorAsync(home);
        Assert.Equal("warn", Status(torn, "logs.requests"));
    }

    [Fact]
    public void Disk_check_warns_and_fails_on_low_space_and_fails_when_unwritable()
    {
        using var home = new TempHome();
        Assert.Equal("ok", RuntimeChecks.Disk(home.Paths.LogsDir, _ => 10L << 30).Status);
        Assert.Equal("warn", RuntimeChecks.Disk(home.Paths.LogsDir, _ => RuntimeChecks.LowDiskBytes - 1).Status);
        Assert.Equal("fail", RuntimeChecks.Disk(home.Paths.LogsDir, _ => 1024).Status);

        var blocker = Path.Combine(home.Root, "file-not-dir");
        File.WriteAllText(blocker, "");
        Assert.Equal("fail", RuntimeChecks.Disk(Path.Combine(blocker, "logs")).Status);
    }

    [Fact]
    public async Task Cli_checks_find_the_client_on_path_and_report_its_version()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var home = Healthy();
        var bin = Path.Combine(home.Root, "bin");
        Directory.CreateDirectory(bin);
        var codex = Path.Combine(bin, "codex");
        File.WriteAllText(codex, "#!/bin/sh\necho 'codex-cli 0.169.0'\n");
        File.SetUnixFileMode(codex, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var claude = Path.Combine(bin, "claude");
        File.WriteAllText(claude, "#!/bin/sh\nexit 3\n");
        File.SetUnixFileMode(claude, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (_, checks, _) = await DoctorAsync(home);
        Assert.Equal("ok", Status(checks, "codex.cli"));
        Assert.Contains("0.169.0", checks["codex.cli"].GetProperty("message").GetString());
        Assert.Equal("warn", Status(checks, "claude.cli"));

        File.Delete(codex);
        File.Delete(claude);
        var (_, missing, _) = await DoctorAsync(home);
        Assert.Equal("warn", Status(missing, "codex.cli"));
        Assert.Equal("info", Status(missing, "claude.cli"));
    }

    [Fact]
    public async Task Online_reports_a_rejected_key_and_a_reachable_upstream()
    {
        await using var rejecting = await StubUpstream.JsonAsync(401, "{\"error\":\"bad key\"}");
        await using var accepting = await StubUpstream.JsonAsync(200, "{\"data\":[]}");
        using var home = Healthy();
        WriteConfig(home, $"[{{\"base_url\":\"{rejecting.BaseUrl}/v1\",\"auth\":{{\"auth_token\":\"{SecretKey}\"}}}},{{\"base_url\":\"{accepting.BaseUrl}/v1\",\"auth\":{{\"auth_token\":\"{SecretKey}\"}}}}]");

        var (code, checks, json) = await DoctorAsync(home, "--online");

        Assert.Equal(1, code);
        Assert.Equal("fail", Status(checks, "online.codex.relay.0"));
        Assert.Contains("key rejected", checks["online.codex.relay.0"].GetProperty("message").GetString());
        Assert.Equal("ok", Status(checks, "online.codex.relay.1"));
        var models = accepting.Requests.Single(r => r.Path == "/v1/models");
        Assert.Equal("Bearer " + SecretKey, models.Header("authorization"));
        Assert.DoesNotContain(SecretKey, json);
    }

    [Fact]
    public async Task Online_names_the_protocol_a_relay_speaks_when_it_lacks_the_clients_endpoint()
    {
        await using var chatOnly = await OneProtocolRelay.StartAsync("chat");
        await using var responses = await OneProtocolRelay.StartAsync("responses");
        using var home = Healthy();
        WriteConfig(home, $"[{{\"base_url\":\"{chatOnly.BaseUrl}\",\"auth\":{{\"auth_token\":\"{SecretKey}\"}}}},{{\"base_url\":\"{responses.BaseUrl}\",\"auth\":{{\"auth_token\":\"{SecretKey}\"}}}},"
            + $"{{\"base_url\":\"{chatOnly.BaseUrl}\",\"auth\":{{\"auth_token\":\"{SecretKey}\"}},\"protocol\":\"chat\"}}]");

        var (_, checks, json) = await DoctorAsync(home, "--online");

        Assert.Equal("fail", Status(checks, "online.codex.relay.0.protocol"));
        Assert.Contains("set \"protocol\": \"chat\"", checks["online.codex.relay.0.protocol"].GetProperty("hint").GetString());
        Assert.Equal("ok", Status(checks, "online.codex.relay.1.protocol"));
        Assert.Equal("ok", Status(checks, "online.codex.relay.2.protocol"));
        Assert.Contains("OpenAI Chat Completions", checks["online.codex.relay.2.protocol"].GetProperty("message").GetString());
        Assert.DoesNotContain(SecretKey, json);
    }

    [Fact]
    public async Task Human_output_lists_each_check_with_hints_and_a_summary()
    {
        using var home = Healthy();
        var run = await home.RunAsync("doctor");
        Assert.Contains("[ok  ] proxy_config.codex", run.Out);
        Assert.Contains("[warn] codex.cli", run.Out);
        Assert.Contains("→ install it", run.Out);
        Assert.Matches(@"\d+ ok, \d+ info, \d+ warn, 0 fail", run.Out);
        Assert.DoesNotContain(SecretKey, run.Out);
    }

    [Fact]
    public async Task Switched_on_at_the_recorded_port_with_nothing_listening_fails_with_the_fix()
    {
        using var home = Healthy();
        var recorded = FreePort();
        var on = await home.RunAsync("switch", "on", "--port", recorded.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, on.ExitCode);

        var (code, checks, _) = await DoctorAsync(home);

        Assert.Equal(1, code);
        Assert.Equal("fail", Status(checks, "ports.codex"));
        var message = checks["ports.codex"].GetProperty("message").GetString()!;
        Assert.Contains($"nothing listens on port {recorded}", message, StringComparison.Ordinal);
        var fix = checks["ports.codex"].GetProperty("hint").GetString()!;
        Assert.Contains($"ch --port {recorded}", fix, StringComparison.Ordinal);
        Assert.Contains("switch off", fix, StringComparison.Ordinal);
        Assert.Equal("ok", Status(checks, "codex.switch"));

        var status = await home.RunAsync("status", "--json");
        using var doc = JsonDocument.Parse(status.Out);
        var codex = doc.RootElement.GetProperty("services").EnumerateArray().First(s => s.GetProperty("service").GetString() == "codex");
        Assert.Equal(recorded, codex.GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task A_loopback_relay_on_another_port_is_not_our_proxy_for_switch_status_and_doctor()
    {
        using var home = Healthy();
        var settings = Path.Combine(home.Paths.ClaudeHome, "settings.json");
        const string relay = "{\"env\":{\"ANTHROPIC_BASE_URL\":\"http://127.0.0.1:18103\",\"ANTHROPIC_AUTH_TOKEN\":\"sk-relay-token-abcd\"}}";
        File.WriteAllText(settings, relay);

        var off = await home.RunAsync("switch", "off", "--claude");
        Assert.Equal(0, off.ExitCode);
        Assert.Equal(relay, File.ReadAllText(settings));
        Assert.Contains("claude: switch off", (await home.RunAsync("switch", "status", "--claude")).Out, StringComparison.Ordinal);
        var (_, checks, _) = await DoctorAsync(home);
        Assert.Equal("ok", Status(checks, "claude.switch"));
        Assert.Contains("switched off", checks["claude.switch"].GetProperty("message").GetString()!, StringComparison.Ordinal);
        var status = await home.RunAsync("status", "--json");
        using var doc = JsonDocument.Parse(status.Out);
        var claude = doc.RootElement.GetProperty("services").EnumerateArray().First(s => s.GetProperty("service").GetString() == "claude");
        Assert.False(claude.GetProperty("client").GetProperty("switched_on").GetBoolean());
    }
}

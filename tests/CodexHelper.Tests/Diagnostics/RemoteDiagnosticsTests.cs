using System.Text.Json;
using CodexHelper.Tests.Clients;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;
using static CodexHelper.Tests.Diagnostics.DiagnosticsHome;

namespace CodexHelper.Tests.Diagnostics;

/// <summary>
/// A member's machine switched to a gateway (<c>switch on --remote</c>): no local proxy runs and none is needed, so
/// doctor and status check the gateway and say the local-port checks do not apply, instead of reporting them as problems.
/// </summary>
public sealed class RemoteDiagnosticsTests
{
    private const string Variable = "TEAM_GATEWAY_TOKEN";

    private static async Task<(TempHome Home, StubUpstream Gateway)> SwitchedRemoteAsync()
    {
        var gateway = await StubUpstream.StartRawAsync(async context =>
        {
            // What a gateway says to a status request without the admin token.
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("{\"error\":{\"message\":\"codex-helper gateway: admin token required\"}}");
        });
        var home = new TempHome();
        UseFreePorts(home);
        WriteCodexToml(home, SampleFiles.RealisticConfigToml);
        File.WriteAllText(home.Paths.ClaudeSettingsJson, SampleFiles.ClaudeSettings);
        home.Env[Variable] = "chg-member-token-value";
        foreach (var flag in new[] { "--codex", "--claude" })
        {
            var on = await home.RunAsync("switch", "on", flag, "--remote", gateway.BaseUrl, "--token-env", Variable);
            Assert.True(on.ExitCode == 0, on.Error);
        }

        return (home, gateway);
    }

    private static JsonElement Check(JsonDocument doctor, string id) =>
        doctor.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    [Fact]
    public async Task Doctor_checks_the_gateway_and_says_the_local_proxy_checks_do_not_apply()
    {
        var (home, gateway) = await SwitchedRemoteAsync();
        using var _ = home;
        await using var __ = gateway;

        var run = await home.RunAsync("doctor", "--json");

        using var doc = JsonDocument.Parse(run.Out);
        var failed = doc.RootElement.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("status").GetString() == "fail").Select(c => c.GetProperty("message").GetString()).ToArray();
        Assert.True(failed.Length == 0, string.Join("\n", failed));
        Assert.Equal(0, run.ExitCode);
        foreach (var service in new[] { "codex", "claude" })
        {
            var port = Check(doc, $"ports.{service}");
            Assert.Equal("info", port.GetProperty("status").GetString());
            Assert.Contains("local proxy checks do not apply", port.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains(gateway.BaseUrl, port.GetProperty("message").GetString(), StringComparison.Ordinal);
            var switched = Check(doc, $"{service}.switch");
            Assert.Equal("ok", switched.GetProperty("status").GetString());
            Assert.Contains($"token from ${Variable}", switched.GetProperty("message").GetString(), StringComparison.Ordinal);
            var reach = Check(doc, $"{service}_gateway");
            Assert.Equal("ok", reach.GetProperty("status").GetString());
            Assert.Contains("HTTP 401", reach.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("info", Check(doc, "proxy_config.claude").GetProperty("status").GetString());
        Assert.DoesNotContain("chg-member-token-value", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_warns_when_the_token_variable_is_not_set_in_this_shell()
    {
        var (home, gateway) = await SwitchedRemoteAsync();
        using var _ = home;
        await using var __ = gateway;
        home.Env.Remove(Variable);

        var run = await home.RunAsync("doctor", "--json");

        using var doc = JsonDocument.Parse(run.Out);
        var reach = Check(doc, "codex_gateway");
        Assert.Equal("warn", reach.GetProperty("status").GetString());
        Assert.Contains($"${Variable} is not set", reach.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_the_gateway_answering_and_the_local_proxy_as_not_used()
    {
        var (home, gateway) = await SwitchedRemoteAsync();
        using var _ = home;
        await using var __ = gateway;

        var json = await home.RunAsync("status", "--json");
        var text = await home.RunAsync("status");

        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        foreach (var service in doc.RootElement.GetProperty("services").EnumerateArray())
        {
            Assert.Equal("not_used", service.GetProperty("proxy").GetString());
            Assert.Equal("ok", service.GetProperty("gateway").GetProperty("status").GetString());
            Assert.Equal(Variable, service.GetProperty("client").GetProperty("token_env").GetString());
        }

        Assert.Contains("proxy   not used (Codex uses the gateway " + gateway.BaseUrl, text.Out, StringComparison.Ordinal);
        Assert.Contains("gateway gateway " + gateway.BaseUrl + " answers (HTTP 401)", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not running", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reports_an_unreachable_gateway()
    {
        var (home, gateway) = await SwitchedRemoteAsync();
        using var _ = home;
        await gateway.DisposeAsync();

        var text = await home.RunAsync("status");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("does not answer", text.Out, StringComparison.Ordinal);
        Assert.Contains("[fail]", text.Out, StringComparison.Ordinal);
    }
}

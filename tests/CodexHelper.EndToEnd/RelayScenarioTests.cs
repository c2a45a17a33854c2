using System.Globalization;
using System.Text.Json.Nodes;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.EndToEnd;

/// <summary>Relays that differ (issue 15): renamed models, and every relay down, with the real clients.</summary>
[Collection("real clients")]
public class RelayScenarioTests
{
    private const string CodexKey = "sk-e2e-relay-key-5b8e21";

    [SkippableFact]
    public async Task Codex_completes_a_turn_through_a_relay_that_only_knows_its_own_model_name()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        string? refusedModel = null;
        await using var relay = await StubUpstream.StartAsync(async (ctx, seen) =>
        {
            var model = seen.Path.EndsWith("/responses", StringComparison.Ordinal) ? JsonNode.Parse(seen.BodyText)?["model"]?.GetValue<string>() : null;
            if (model is null || !model.StartsWith("relay/", StringComparison.Ordinal))
            {
                refusedModel ??= model;
                ctx.Response.StatusCode = seen.Path.EndsWith("/responses", StringComparison.Ordinal) ? 400 : 404;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync("{\"error\":{\"message\":\"unknown model " + model + "\"}}");
                return;
            }

            ctx.Response.ContentType = "text/event-stream";
            foreach (var e in WireStubs.ResponsesEvents("resp_mapped00001", "Answer for " + model))
            {
                await ctx.Response.WriteAsync(e);
                await ctx.Response.Body.FlushAsync();
            }
        });
        var add = await home.HelperAsync("config", "add", "relay", "--base-url", relay.BaseUrl + "/v1", "--auth-token", CodexKey, "--model-map", "*=relay/*", "--codex");
        Assert.True(add.ExitCode == 0, add.All);
        await using var serve = await SwitchOnAndServeAsync(home, "--codex");

        var codex = await home.CodexExecAsync("say hi");

        Assert.True(codex.ExitCode == 0, codex.All + "\n--- proxy ---\n" + serve.Output);
        Assert.Null(refusedModel);
        Assert.Contains("Answer for relay/", codex.Out, StringComparison.Ordinal);
        var line = home.LogLines().Select(l => JsonNode.Parse(l)!).Last(l => l["path"]!.GetValue<string>() == "/responses");
        var asked = line["model"]!.GetValue<string>();
        Assert.Equal("relay/" + asked, line["upstream_model"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Codex_with_every_relay_down_prints_one_line_naming_each_and_does_not_retry()
    {
        _ = RealClients.Codex;
        using var home = new E2EHome();
        await using var down = await StubUpstream.JsonAsync(503, """{"error":{"message":"relay under maintenance"}}""");
        var refused = $"http://127.0.0.1:{FreePort.Get()}";
        var add = await home.HelperAsync("config", "add", "relays", "--base-url", down.BaseUrl + "/v1", "--auth-token", CodexKey, "--codex");
        Assert.True(add.ExitCode == 0, add.All);
        var more = await home.HelperAsync("config", "add-upstream", "relays", "--base-url", refused + "/v1", "--auth-token", CodexKey, "--codex");
        Assert.True(more.ExitCode == 0, more.All);
        await using var serve = await SwitchOnAndServeAsync(home, "--codex");

        var codex = await home.CodexExecAsync("say hi");

        Assert.NotEqual(0, codex.ExitCode);
        var expected = $"codex-helper: all 2 upstreams failed: {down.BaseUrl[7..]}: 503 relay under maintenance; {refused[7..]}: connection refused";
        Assert.Contains("ERROR: " + expected, codex.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Reconnecting", codex.All, StringComparison.Ordinal);
        Assert.Single(down.Requests, r => r.Path == "/v1/responses");
    }

    [SkippableFact]
    public async Task Claude_code_with_every_relay_down_prints_one_line_naming_each_and_does_not_retry()
    {
        _ = RealClients.Claude;
        using var home = new E2EHome();
        await using var down = await StubUpstream.StartAsync(async (ctx, seen) =>
        {
            ctx.Response.StatusCode = seen.Method == "HEAD" ? 200 : 503;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
        });
        var refused = $"http://127.0.0.1:{FreePort.Get()}";
        File.WriteAllText(Path.Combine(home.ClaudeHome, "settings.json"), "{\n  \"env\": { \"ANTHROPIC_API_KEY\": \"dummy-client-key\" }\n}\n");
        var add = await home.HelperAsync("config", "add", "relays", "--base-url", down.BaseUrl, "--api-key", "sk-ant-e2e-relay-77aa", "--claude");
        Assert.True(add.ExitCode == 0, add.All);
        var more = await home.HelperAsync("config", "add-upstream", "relays", "--base-url", refused, "--api-key", "sk-ant-e2e-relay-77aa", "--claude");
        Assert.True(more.ExitCode == 0, more.All);
        await using var serve = await SwitchOnAndServeAsync(home, "--claude");

        var claude = await home.ClaudeAsync("say hi");

        Assert.NotEqual(0, claude.ExitCode);
        var expected = $"API Error: 502 codex-helper: all 2 upstreams failed: {down.BaseUrl[7..]}: 503 Overloaded; {refused[7..]}: connection refused";
        Assert.Contains(expected, claude.All, StringComparison.Ordinal);
        Assert.Single(down.Requests, r => r.Path == "/v1/messages");
    }

    private static async Task<BackgroundProcess> SwitchOnAndServeAsync(E2EHome home, string service)
    {
        var port = FreePort.Get().ToString(CultureInfo.InvariantCulture);
        var on = await home.HelperAsync("switch", "on", service, "--port", port);
        Assert.True(on.ExitCode == 0, on.All);
        return await home.StartHelperAsync(int.Parse(port, CultureInfo.InvariantCulture), "serve", service, "--port", port);
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Diagnostics;

/// <summary>Two upstreams on one relay with two keys: <c>status</c> and <c>status --json</c> tell them apart by id.</summary>
public sealed class StatusKeyGroupsTests
{
    private const string RevokedKey = "sk-status-revoked-000000001";
    private const string ServingKey = "sk-status-serving-000000002";

    [Fact]
    public async Task Status_lists_each_key_group_of_one_relay_with_its_id_and_its_own_state()
    {
        using var home = new TempHome();
        DiagnosticsHome.UseFreePorts(home);
        await using var relay = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            if (ctx.Request.Headers.Authorization.ToString() != "Bearer " + ServingKey)
            {
                ctx.Response.StatusCode = 401;
                return;
            }

            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{}}\n\n"));
        });
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"m\",\"configs\":{\"m\":{\"name\":\"m\",\"upstreams\":["
            + "{\"base_url\":\"" + relay.BaseUrl + "\",\"auth\":{\"auth_token\":\"" + RevokedKey + "\"}},"
            + "{\"base_url\":\"" + relay.BaseUrl + "\",\"auth\":{\"auth_token\":\"" + ServingKey + "\"}}"
            + "]}}},\"routing\":{\"failure_threshold\":1,\"cooldown_secs\":600}}");
        await using var proxy = await ProxyHarness.StartAsync(home);
        home.Env["CODEX_HELPER_CODEX_PORT"] = proxy.Server.Port.ToString(CultureInfo.InvariantCulture);
        using (var response = await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5","stream":true}""")))
        {
            await response.Content.ReadAsStringAsync();
        }

        var json = await home.RunAsync("status", "--json");
        Assert.True(json.ExitCode == 0, json.Error);
        using var doc = JsonDocument.Parse(json.Out);
        var upstreams = doc.RootElement.GetProperty("services")[0].GetProperty("upstreams");
        var a = upstreams[0].GetProperty("id").GetString()!;
        var b = upstreams[1].GetProperty("id").GetString()!;
        Assert.StartsWith(relay.BaseUrl + "#", a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.Equal("cooling_down", upstreams[0].GetProperty("state").GetString());
        Assert.Equal("ok", upstreams[1].GetProperty("state").GetString());
        Assert.True(upstreams[1].GetProperty("has_key").GetBoolean());

        var text = (await home.RunAsync("status")).Out;
        Assert.Contains("cooling down", text.Split('\n').Single(l => l.Contains(a, StringComparison.Ordinal)).Replace('_', ' '), StringComparison.Ordinal);
        Assert.Contains(b, text, StringComparison.Ordinal);
        Assert.DoesNotContain(RevokedKey[..12], json.Out + text, StringComparison.Ordinal);
    }
}

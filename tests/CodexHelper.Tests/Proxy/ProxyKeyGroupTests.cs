using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using CodexHelper.Dashboard;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

/// <summary>
/// One new-api style relay, two key groups on it: one base_url, two upstreams that differ in key. Each has its own
/// breaker, its own id in status and the log, and takes its own manual override (issue 22, "a wrong bill").
/// </summary>
public class ProxyKeyGroupTests
{
    private const string RevokedKey = "sk-group-a-revoked-00000001";
    private const string ServingKey = "sk-group-b-serving-00000002";

    /// <summary>Serves the keys in <paramref name="accepted"/>, 401 for any other; counts the requests per key.</summary>
    private static Task<StubUpstream> RelayAsync(ConcurrentDictionary<string, int> seen, params string[] accepted) => StubUpstream.StartAsync(async (ctx, _) =>
    {
        var key = ctx.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        seen.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (!accepted.Contains(key))
        {
            ctx.Response.StatusCode = 401;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("""{"error":{"message":"invalid key"}}"""));
            return;
        }

        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":10,\"output_tokens\":1,\"total_tokens\":11}}}\n\n"));
    });

    private static void WriteConfig(TempHome home, string relay) =>
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"m\",\"configs\":{\"m\":{\"name\":\"m\",\"upstreams\":["
            + "{\"base_url\":\"" + relay + "\",\"auth\":{\"auth_token\":\"" + RevokedKey + "\"}},"
            + "{\"base_url\":\"" + relay + "\",\"auth\":{\"auth_token\":\"" + ServingKey + "\"}}"
            + "]}}},\"routing\":{\"failure_threshold\":1,\"cooldown_secs\":60}}");

    private static async Task<int> TurnAsync(ProxyHarness proxy)
    {
        using var response = await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5","stream":true}"""));
        await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode;
    }

    private static async Task<JsonArray> UpstreamsAsync(ProxyHarness proxy) =>
        JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!["upstreams"]!.AsArray();

    [Fact]
    public async Task A_revoked_key_cools_down_alone_and_the_next_request_goes_straight_to_the_other_key()
    {
        using var home = new TempHome();
        var seen = new ConcurrentDictionary<string, int>();
        await using var relay = await RelayAsync(seen, ServingKey);
        WriteConfig(home, relay.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        Assert.Equal(200, await TurnAsync(proxy));
        var upstreams = await UpstreamsAsync(proxy);
        Assert.Equal("cooling_down", upstreams[0]!["state"]!.GetValue<string>());
        Assert.Equal("ok", upstreams[1]!["state"]!.GetValue<string>());
        var (a, b) = (upstreams[0]!["id"]!.GetValue<string>(), upstreams[1]!["id"]!.GetValue<string>());
        Assert.StartsWith(relay.BaseUrl + "#", a, StringComparison.Ordinal);
        Assert.StartsWith(relay.BaseUrl + "#", b, StringComparison.Ordinal);
        Assert.NotEqual(a, b);

        Assert.Equal(200, await TurnAsync(proxy));
        Assert.Equal(1, seen[RevokedKey]);
        Assert.Equal(2, seen[ServingKey]);

        var log = await proxy.LogLinesAsync(2);
        Assert.Equal(a, log[0]["attempts"]![0]!["upstream_id"]!.GetValue<string>());
        Assert.Equal(b, log[0]["upstream_id"]!.GetValue<string>());
        Assert.Equal(relay.BaseUrl, log[1]["upstream_base_url"]!.GetValue<string>());
        Assert.Equal(b, log[1]["upstream_id"]!.GetValue<string>());
        Assert.Null(log[1]["attempts"]?.AsArray().FirstOrDefault(x => x!["upstream_id"]?.GetValue<string>() == a));
        var text = proxy.RequestLogText + await proxy.Client.GetStringAsync("/__codex_helper/status");
        Assert.DoesNotContain(RevokedKey[..10], text, StringComparison.Ordinal);
        Assert.DoesNotContain(ServingKey[..10], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_upstream_on_its_base_url_has_no_id_in_status_or_the_log()
    {
        using var home = new TempHome();
        var seen = new ConcurrentDictionary<string, int>();
        await using var relay = await RelayAsync(seen, ServingKey);
        TestConfig.Write(home, CodexHelper.Configuration.ServiceKind.Codex, "m", (relay.BaseUrl, ServingKey, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        Assert.Equal(200, await TurnAsync(proxy));

        Assert.False((await UpstreamsAsync(proxy))[0]!.AsObject().ContainsKey("id"));
        Assert.False((await proxy.LogLinesAsync(1))[0].ContainsKey("upstream_id"));
    }

    [Fact]
    public async Task The_dashboards_override_by_id_takes_out_that_key_group_only()
    {
        using var home = new TempHome();
        var seen = new ConcurrentDictionary<string, int>();
        await using var relay = await RelayAsync(seen, RevokedKey, ServingKey);
        WriteConfig(home, relay.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home, dashboard: true);
        using var dashboard = await DashboardClient.ConnectAsync(proxy.Server.Port, CancellationToken.None);
        var a = (await UpstreamsAsync(proxy))[0]!["id"]!.GetValue<string>();

        var ambiguous = await dashboard.ActAsync(new DashboardAction { Action = "disable", Upstream = relay.BaseUrl }, CancellationToken.None);
        Assert.False(ambiguous.Ok);
        Assert.Contains(a, ambiguous.Message, StringComparison.Ordinal);

        var disabled = await dashboard.ActAsync(new DashboardAction { Action = "disable", Upstream = a }, CancellationToken.None);
        Assert.True(disabled.Ok, disabled.Message);
        var upstreams = await UpstreamsAsync(proxy);
        Assert.Equal("disabled", upstreams[0]!["manual"]!.GetValue<string>());
        Assert.False(upstreams[1]!.AsObject().ContainsKey("manual"));

        Assert.Equal(200, await TurnAsync(proxy));
        Assert.False(seen.ContainsKey(RevokedKey));
        Assert.Equal(1, seen[ServingKey]);

        Assert.True((await dashboard.ActAsync(new DashboardAction { Action = "enable", Upstream = a }, CancellationToken.None)).Ok);
        Assert.False((await UpstreamsAsync(proxy))[0]!.AsObject().ContainsKey("manual"));
    }

    [Fact]
    public async Task When_both_keys_fail_the_clients_error_line_names_each_key_group()
    {
        using var home = new TempHome();
        await using var relay = await StubUpstream.JsonAsync(503, """{"error":{"message":"overloaded"}}""");
        WriteConfig(home, relay.BaseUrl);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5","stream":true}"""));
        var body = await response.Content.ReadAsStringAsync();

        var upstreams = await UpstreamsAsync(proxy);
        foreach (var u in upstreams)
        {
            var id = u!["id"]!.GetValue<string>();
            Assert.Contains($"(key {id[(id.LastIndexOf('#') + 1)..]}): 503 overloaded", body, StringComparison.Ordinal);
        }
    }
}

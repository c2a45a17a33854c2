using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Gateway;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Gateway;

public sealed class GatewayTests
{
    private const string UpstreamKey = "sk-upstream-secret-1234";

    /// <summary>Tokens are added before the proxy starts (a running one picks new tokens up within a second).</summary>
    private static async Task<(StubUpstream Stub, ProxyHarness Proxy)> StartAsync(TempHome home, Func<CodexHelper.RequestLog.RequestLogEntry, decimal?>? costOf = null)
    {
        var stub = await StubUpstream.JsonAsync(200, "{\"id\":\"r\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}");
        TestConfig.Write(home, ServiceKind.Codex, "team", (stub.BaseUrl, UpstreamKey, null));
        var proxy = await ProxyHarness.StartAsync(home, o => o with { Gateway = true, Instance = "a1", CostOf = costOf });
        return (stub, proxy);
    }

    private static async Task<string> AddTokenAsync(TempHome home, params string[] args)
    {
        var run = await home.RunAsync(["token", "add", .. args]);
        Assert.Equal(0, run.ExitCode);
        return run.Out.Trim();
    }

    private static HttpRequestMessage Post(string? bearer = null, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{\"model\":\"gpt-5\"}", System.Text.Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        return request;
    }

    [Fact]
    public async Task Requests_without_a_known_token_get_401_json_and_nothing_is_forwarded()
    {
        using var home = new TempHome();
        var token = await AddTokenAsync(home, "alice");
        var (stub, proxy) = await StartAsync(home);
        await using var __ = stub;
        await using var ___ = proxy;

        foreach (var request in new[] { Post(), Post(bearer: "chg-wrong"), Post(bearer: token + "x"), Post(apiKey: "nope") })
        {
            using var response = await proxy.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Contains("client token", body["error"]!["message"]!.GetValue<string>());
            Assert.DoesNotContain(stub.BaseUrl, body.ToJsonString());
        }

        Assert.Equal(0, stub.RequestCount);
    }

    /// <summary>
    /// Claude Code 2.1.332 resends a 401 for minutes when its key comes from an apiKeyHelper, and shows any message
    /// naming x-api-key as "Invalid API key": it gets a 412 carrying the real status and a message it prints as is.
    /// </summary>
    [Fact]
    public async Task A_claude_request_without_a_known_token_gets_a_412_it_shows_and_the_log_keeps_the_401()
    {
        using var home = new TempHome();
        await AddTokenAsync(home, "alice", "--claude");
        await using var stub = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Claude, "team", (stub.BaseUrl, null, UpstreamKey));
        await using var proxy = await ProxyHarness.StartAsync(home, o => o with { Gateway = true, Instance = "c1" }, ServiceKind.Claude);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true")
        {
            Content = new StringContent("{\"model\":\"claude-sonnet-5\",\"max_tokens\":8,\"messages\":[]}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("x-api-key", "chg-not-a-token-of-this-gateway");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "chg-not-a-token-of-this-gateway");
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("401", response.Headers.GetValues("x-codex-helper-status").Single());
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("authentication_error", body["error"]!["type"]!.GetValue<string>());
        var message = body["error"]!["message"]!.GetValue<string>();
        Assert.StartsWith("codex-helper gateway: missing or unknown client token", message, StringComparison.Ordinal);
        Assert.DoesNotContain("x-api-key", message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, stub.RequestCount);
        var line = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(401, line["status_code"]!.GetValue<int>());
        Assert.Equal("rejected", line["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_valid_token_is_replaced_by_the_upstream_key_and_named_in_the_log()
    {
        using var home = new TempHome();
        var alice = await AddTokenAsync(home, "alice");
        var bob = await AddTokenAsync(home, "bob", "--codex");
        var (stub, proxy) = await StartAsync(home);
        await using var __ = stub;
        await using var ___ = proxy;
        Assert.StartsWith(TokenSecret.Prefix, alice);
        Assert.True(alice.Length >= TokenSecret.Prefix.Length + 22, "at least 128 bits of base64url");

        using (var r = await proxy.Client.SendAsync(Post(bearer: alice)))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using (var r = await proxy.Client.SendAsync(Post(apiKey: bob)))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var seen = stub.Requests.ToArray();
        Assert.Equal(2, seen.Length);
        Assert.All(seen, s => Assert.Equal("Bearer " + UpstreamKey, s.Header("authorization")));
        Assert.All(seen, s => Assert.Null(s.Header("x-api-key")));

        var lines = await proxy.LogLinesAsync(2);
        Assert.Equal(["alice", "bob"], lines.Select(l => l["client_token"]!.GetValue<string>()).Order());
        Assert.All(lines, l => Assert.Equal("a1", l["instance"]!.GetValue<string>()));
        Assert.EndsWith("requests.a1.jsonl", proxy.Server.Runtime.Log.FilePath);

        var everything = proxy.RequestLogText + await proxy.ConsoleTextAsync() + File.ReadAllText(home.Paths.TokensJson);
        foreach (var secret in new[] { alice, bob, UpstreamKey })
        {
            Assert.DoesNotContain(secret, everything);
        }

        var summary = await home.RunAsync("usage", "summary", "--by", "token", "--json");
        Assert.Equal(0, summary.ExitCode);
        var groups = JsonNode.Parse(summary.Out)!["groups"]!.AsArray();
        Assert.Equal(["alice", "bob"], groups.Select(g => g!["key"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_removed_token_is_refused_within_a_couple_of_seconds_and_a_token_for_the_other_service_is_refused()
    {
        using var home = new TempHome();
        var alice = await AddTokenAsync(home, "alice");
        var claudeOnly = await AddTokenAsync(home, "carol", "--claude");
        var (stub, proxy) = await StartAsync(home);
        await using var __ = stub;
        await using var ___ = proxy;
        using (var ok = await proxy.Client.SendAsync(Post(bearer: alice)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var other = await proxy.Client.SendAsync(Post(bearer: claudeOnly)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        }

        Assert.Equal(0, (await home.RunAsync("token", "remove", "alice")).ExitCode);
        var refused = false;
        for (var i = 0; i < 60 && !refused; i++)
        {
            await Task.Delay(100);
            using var r = await proxy.Client.SendAsync(Post(bearer: alice));
            refused = r.StatusCode == HttpStatusCode.Unauthorized;
        }

        Assert.True(refused, "the removed token was still accepted");
    }

    [Fact]
    public async Task Status_and_metrics_need_an_admin_token()
    {
        using var home = new TempHome();
        var client = await AddTokenAsync(home, "alice");
        var admin = await AddTokenAsync(home, "ops", "--admin");
        var (stub, proxy) = await StartAsync(home);
        await using var __ = stub;
        await using var ___ = proxy;

        foreach (var path in new[] { "/__codex_helper/status", "/metrics" })
        {
            foreach (var (token, expected) in new[] { ((string?)null, HttpStatusCode.Unauthorized), (client, HttpStatusCode.Unauthorized), (admin, HttpStatusCode.OK) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await proxy.Client.SendAsync(request);
                Assert.True(expected == response.StatusCode, $"{path} with {(token == admin ? "admin" : token is null ? "no" : "client")} token: {response.StatusCode}");
            }
        }

        Assert.Equal(0, stub.RequestCount);
        var probe = await CodexHelper.Diagnostics.ProxyProbe.ProbeAsync(proxy.Server.Port, TimeSpan.FromSeconds(5), default);
        Assert.Contains("codex-helper gateway", probe.Detail);
    }

    [Fact]
    public async Task A_token_over_its_budget_gets_429_before_anything_is_forwarded()
    {
        using var home = new TempHome();
        var alice = await AddTokenAsync(home, "alice", "--budget-usd", "1.5", "--period", "day");
        var bob = await AddTokenAsync(home, "bob");
        var (stub, proxy) = await StartAsync(home, _ => 1.0m);
        await using var __ = stub;
        await using var ___ = proxy;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var r = await proxy.Client.SendAsync(Post(bearer: alice));
            statuses.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var message = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
                Assert.Contains("alice", message);
                Assert.Contains("budget", message);
            }

            await proxy.LogLinesAsync(Math.Min(i + 1, 2));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, stub.RequestCount);
        using var other = await proxy.Client.SendAsync(Post(bearer: bob));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Refusals_are_logged_with_their_reason_and_no_token_text_shown_on_the_console_and_counted_by_usage_summary()
    {
        using var home = new TempHome();
        var alice = await AddTokenAsync(home, "alice", "--budget-usd", "1", "--period", "day");
        var (stub, proxy) = await StartAsync(home, _ => 1.0m);
        await using var __ = stub;
        await using var ___ = proxy;
        var wrong = alice[..^4] + "zzzz";

        using (var ok = await proxy.Client.SendAsync(Post(bearer: alice)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        await proxy.LogLinesAsync(1);
        using (var unknown = await proxy.Client.SendAsync(Post(bearer: wrong)))
        using (var over = await proxy.Client.SendAsync(Post(bearer: alice)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        }

        var lines = await proxy.LogLinesAsync(3);
        var unauthorized = Assert.Single(lines, l => l["status_code"]!.GetValue<int>() == 401);
        Assert.Equal("rejected", unauthorized["outcome"]!.GetValue<string>());
        Assert.Contains("unknown client token", unauthorized["error"]!.GetValue<string>());
        Assert.Null(unauthorized["client_token"]);
        var budget = Assert.Single(lines, l => l["status_code"]!.GetValue<int>() == 429);
        Assert.Equal("rejected", budget["outcome"]!.GetValue<string>());
        Assert.Contains("budget", budget["error"]!.GetValue<string>());
        Assert.Equal("alice", budget["client_token"]!.GetValue<string>());
        Assert.Equal(1, stub.RequestCount);

        var console = await proxy.ConsoleTextAsync();
        Assert.Contains("401", console);
        Assert.Contains("429", console);
        var everything = proxy.RequestLogText + console;
        foreach (var secret in new[] { alice, wrong, alice[..12], wrong[..12] })
        {
            Assert.DoesNotContain(secret, everything);
        }

        var summary = await home.RunAsync("usage", "summary", "--json");
        Assert.Equal(0, summary.ExitCode);
        var total = JsonNode.Parse(summary.Out)!["total"]!;
        Assert.Equal(3, total["requests"]!.GetValue<long>());
        Assert.Equal(2, total["errors"]!.GetValue<long>());
    }
}

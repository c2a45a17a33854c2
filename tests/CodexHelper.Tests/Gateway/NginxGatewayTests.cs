using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Gateway;

/// <summary>
/// Two gateway replicas behind a real nginx running the configuration docs/gateway.md recommends (read from the doc
/// itself, TLS lines dropped): streams pass event by event, tokens and headers arrive as the doc says, and nginx's
/// loopback address opens nothing that needs an admin token.
/// </summary>
public sealed class NginxGatewayTests
{
    private const string UpstreamKey = "sk-upstream-behind-nginx-5150";

    private static async Task<string> AddTokenAsync(TempHome home, params string[] args)
    {
        var run = await home.RunAsync(["token", "add", .. args]);
        Assert.Equal(0, run.ExitCode);
        return run.Out.Trim();
    }

    [SkippableFact]
    public async Task Sse_events_reach_the_client_through_nginx_before_the_upstream_finishes_and_tokens_and_headers_arrive_as_documented()
    {
        using var home = new TempHome();
        var alice = await AddTokenAsync(home, "alice");
        var admin = await AddTokenAsync(home, "ops", "--admin");
        var clientSawFirstEvent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new List<string>();
        await using var stub = await StubUpstream.StartAsync(async (ctx, seen) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r1\"}}\n\n");
            await ctx.Response.WriteAsync("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"first\"}\n\n");
            await ctx.Response.Body.FlushAsync();
            // The rest is held until the client has seen the first event: a buffering hop on the way would deadlock
            // here until the bound below, and the order check then fails.
            await Task.WhenAny(clientSawFirstEvent.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            lock (order)
            {
                order.Add("upstream sends the rest");
            }

            await ctx.Response.WriteAsync("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"second\"}\n\n");
            await ctx.Response.WriteAsync("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r1\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}}\n\n");
        });
        TestConfig.Write(home, ServiceKind.Codex, "team", (stub.BaseUrl, UpstreamKey, null));
        await using var replicaA = await ProxyHarness.StartAsync(home, o => o with { Gateway = true, Instance = "a" });
        await using var replicaB = await ProxyHarness.StartAsync(home, o => o with { Gateway = true, Instance = "b" });
        var port = FreePort.Get();
        await using var nginx = await NginxServer.StartAsync(
            NginxServer.DocumentedConfig(port, replicaA.Client.BaseAddress!.Port, replicaB.Client.BaseAddress!.Port), port);
        using var http = new HttpClient { BaseAddress = new Uri(nginx.Url), Timeout = TimeSpan.FromSeconds(60) };

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{\"model\":\"gpt-5\",\"stream\":true}", Encoding.UTF8, "application/json") })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice);
            request.Headers.Add("session_id", "sess-behind-nginx");
            request.Headers.Add("originator", "codex_exec");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var seen = new StringBuilder();
            while (await reader.ReadLineAsync() is { } line)
            {
                seen.AppendLine(line);
                if (line.Contains("\"first\"", StringComparison.Ordinal))
                {
                    lock (order)
                    {
                        order.Add("client saw the first event");
                    }

                    clientSawFirstEvent.TrySetResult();
                }
            }

            Assert.Contains("\"second\"", seen.ToString(), StringComparison.Ordinal);
            Assert.Contains("response.completed", seen.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(["client saw the first event", "upstream sends the rest"], order);

        // The upstream gets the relay's key, never the member's token, and the client's own headers unchanged;
        // the documented config adds no X-Forwarded-For / X-Real-IP that the gateway would pass on to the relay.
        var upstreamSaw = Assert.Single(stub.Requests);
        Assert.Equal("Bearer " + UpstreamKey, upstreamSaw.Header("authorization"));
        Assert.Equal("sess-behind-nginx", upstreamSaw.Header("session_id"));
        Assert.Equal("codex_exec", upstreamSaw.Header("originator"));
        Assert.Null(upstreamSaw.Header("x-forwarded-for"));
        Assert.Null(upstreamSaw.Header("x-real-ip"));
        Assert.DoesNotContain(alice, string.Join("\n", upstreamSaw.Headers.Values), StringComparison.Ordinal);

        // Whichever replica nginx picked wrote the line (after the response ended).
        JsonObject[] logged = [];
        for (var i = 0; i < 400 && logged.Length == 0; i++)
        {
            logged = [.. await replicaA.LogLinesAsync(0), .. await replicaB.LogLinesAsync(0)];
            await Task.Delay(logged.Length == 0 ? 25 : 0);
        }

        var line1 = Assert.Single(logged);
        Assert.Equal("alice", line1["client_token"]!.GetValue<string>());

        // A wrong token: the gateway's 401 JSON passes through nginx, nothing reaches the upstream.
        using (var wrong = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{}", Encoding.UTF8, "application/json") })
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "chg-wrong");
            using var refused = await http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("client token", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Single(stub.Requests);
        }

        // Every request reaches the gateway from nginx's loopback address: that opens nothing under /__codex_helper/
        // (serve --gateway serves no dashboard; GatewayMemberScenarioTests checks that on the real process).
        using (var status = await http.GetAsync("/__codex_helper/status"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        }

        using (var status = new HttpRequestMessage(HttpMethod.Get, "/__codex_helper/status"))
        {
            status.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var allowed = await http.SendAsync(status);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using (var page = await http.GetAsync("/__codex_helper/ui"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        }
    }
}

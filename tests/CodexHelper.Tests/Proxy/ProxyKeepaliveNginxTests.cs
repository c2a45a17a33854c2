using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>
/// A real nginx that cuts upstream connections idle for 3 s (<c>proxy_read_timeout</c>) in front of the proxy, and a
/// relay silent for twice that (after <c>response.created</c>, or before its response headers): with keepalives the
/// turn gets through, without it does not.
/// </summary>
public sealed class ProxyKeepaliveNginxTests
{
    private const string Completed = "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r1\"}}\n\n";

    /// <param name="beforeHeaders">Silent before its response headers instead of after <c>response.created</c>.</param>
    private static async Task<string> TurnThroughNginxAsync(double keepaliveSecs, bool beforeHeaders = false)
    {
        using var home = new TempHome();
        await using var silent = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            if (beforeHeaders)
            {
                await Task.Delay(TimeSpan.FromSeconds(6), ctx.RequestAborted);
                ctx.Response.ContentType = "text/event-stream";
                await ctx.Response.WriteAsync(StreamingTurns.ResponseCreated + StreamingTurns.TextDelta + Completed);
                return;
            }

            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync(StreamingTurns.ResponseCreated);
            await ctx.Response.Body.FlushAsync();
            // Silent for twice nginx's read timeout: thinking, as reasoning models do.
            await Task.Delay(TimeSpan.FromSeconds(6), ctx.RequestAborted);
            await ctx.Response.WriteAsync(StreamingTurns.TextDelta + Completed);
        });
        ProxyKeepaliveTests.WriteConfig(home, ServiceKind.Codex, silent.BaseUrl, new RoutingOptions { KeepaliveSecs = keepaliveSecs, FirstEventTimeoutSecs = 1, IdleTimeoutSecs = 60 });
        await using var proxy = await ProxyHarness.StartAsync(home);
        var port = FreePort.Get();
        var block = $$"""
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://127.0.0.1:{{proxy.Client.BaseAddress!.Port}};
                    proxy_http_version 1.1;
                    proxy_buffering off;
                    proxy_read_timeout 3s;
                }
            }
            """;
        await using var nginx = await NginxServer.StartAsync(block, port);
        using var http = new HttpClient { BaseAddress = new Uri(nginx.Url), Timeout = TimeSpan.FromSeconds(60) };
        using var request = StreamingTurns.Codex();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var text = new StringBuilder();
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                text.Append(line).Append('\n');
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // nginx cut the connection: what arrived before is the answer.
        }

        return text.ToString();
    }

    [SkippableFact]
    public async Task A_silent_turn_survives_an_idle_cutting_nginx_with_keepalives_and_dies_without()
    {
        var kept = await TurnThroughNginxAsync(keepaliveSecs: 1);
        Assert.Contains(": keepalive\n", kept, StringComparison.Ordinal);
        Assert.Contains("from the backup", kept, StringComparison.Ordinal);
        Assert.Contains("response.completed", kept, StringComparison.Ordinal);

        var bare = await TurnThroughNginxAsync(keepaliveSecs: 0);
        Assert.StartsWith("event: response.created", bare, StringComparison.Ordinal);
        Assert.DoesNotContain("response.completed", bare, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_relay_silent_before_its_headers_survives_an_idle_cutting_nginx_with_keepalives_and_dies_without()
    {
        var kept = await TurnThroughNginxAsync(keepaliveSecs: 1, beforeHeaders: true);
        Assert.StartsWith(": keepalive\n", kept, StringComparison.Ordinal);
        Assert.Contains("from the backup", kept, StringComparison.Ordinal);
        Assert.Contains("response.completed", kept, StringComparison.Ordinal);

        var bare = await TurnThroughNginxAsync(keepaliveSecs: 0, beforeHeaders: true);
        Assert.DoesNotContain("response.completed", bare, StringComparison.Ordinal);
    }
}

using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

public class ProxyUsageLogTests
{
    private static Task<StubUpstream> SseAsync(string body) => StubUpstream.StartAsync(async (ctx, _) =>
    {
        ctx.Response.ContentType = "text/event-stream";
        // Sent in small pieces so that events are split across reads.
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var i = 0; i < bytes.Length; i += 37)
        {
            await ctx.Response.Body.WriteAsync(bytes.AsMemory(i, Math.Min(37, bytes.Length - i)));
            await ctx.Response.Body.FlushAsync();
        }
    });

    [Fact]
    public async Task Responses_sse_usage_lands_in_the_log_with_the_original_field_names()
    {
        using var home = new TempHome();
        await using var upstream = await SseAsync(
            "event: response.created\r\ndata: {\"type\":\"response.created\"}\r\n\r\n" +
            "event: response.output_text.delta\r\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"the usage is\"}\r\n\r\n" +
            "event: response.completed\r\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":900,\"input_tokens_details\":{\"cached_tokens\":800},\"output_tokens\":40,\"output_tokens_details\":{\"reasoning_tokens\":12},\"total_tokens\":940}}}\r\n\r\n");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, "sk-usage-test-000001", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        var text = await (await proxy.Client.PostAsync("/responses", new StringContent("""{"model":"gpt-5","stream":true}"""))).Content.ReadAsStringAsync();

        Assert.Contains("response.completed", text);
        var log = (await proxy.LogLinesAsync(1))[0];
        foreach (var field in new[] { "timestamp_ms", "service", "method", "path", "status_code", "duration_ms", "config_name", "upstream_base_url", "usage" })
        {
            Assert.True(log.ContainsKey(field), field);
        }

        var usage = log["usage"]!;
        Assert.Equal(900, usage["input_tokens"]!.GetValue<long>());
        Assert.Equal(800, usage["cached_input_tokens"]!.GetValue<long>());
        Assert.Equal(40, usage["output_tokens"]!.GetValue<long>());
        Assert.Equal(12, usage["reasoning_tokens"]!.GetValue<long>());
        Assert.Equal(940, usage["total_tokens"]!.GetValue<long>());
        Assert.Contains("tokens in 900 (cached 800) out 40", await proxy.ConsoleTextAsync());
        Assert.DoesNotContain("sk-usage-test-000001", (await proxy.ConsoleTextAsync()) + proxy.RequestLogText);
    }

    [Fact]
    public async Task Anthropic_sse_usage_combines_message_start_input_with_message_delta_output()
    {
        using var home = new TempHome();
        await using var upstream = await SseAsync(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":0,\"output_tokens\":1}}}\n\n" +
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n" +
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":33}}\n\n" +
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        TestConfig.Write(home, ServiceKind.Claude, "c", (upstream.BaseUrl, null, "sk-ant-usage-000002"));
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        await (await proxy.Client.PostAsync("/v1/messages?beta=true", new StringContent("""{"model":"claude-sonnet-4-5","stream":true}"""))).Content.ReadAsStringAsync();

        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("claude", log["service"]!.GetValue<string>());
        Assert.Equal("/v1/messages", log["path"]!.GetValue<string>());
        Assert.Equal("claude-sonnet-4-5", log["model"]!.GetValue<string>());
        Assert.Equal(125, log["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(100, log["usage"]!["cached_input_tokens"]!.GetValue<long>());
        Assert.Equal(33, log["usage"]!["output_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task Chat_completions_json_body_usage_is_logged_and_absent_usage_is_omitted()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.StartAsync(async (ctx, seen) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(seen.Path.EndsWith("/models", StringComparison.Ordinal)
                ? """{"data":[]}"""
                : """{"id":"c1","object":"chat.completion","usage":{"prompt_tokens":11,"completion_tokens":4,"total_tokens":15}}""");
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl + "/v1", null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        await proxy.Client.PostAsync("/v1/chat/completions", new StringContent("""{"model":"gpt-4o"}"""));
        await proxy.Client.GetAsync("/models");

        var lines = await proxy.LogLinesAsync(2);
        Assert.Equal(11, lines[0]["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(4, lines[0]["usage"]!["output_tokens"]!.GetValue<long>());
        Assert.False(lines[1].ContainsKey("usage"));
        Assert.Equal("/v1/models", upstream.Requests.Last().Path);
    }

    [Fact]
    public async Task Accept_encoding_is_not_forwarded_so_usage_stays_readable()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, """{"usage":{"input_tokens":1,"output_tokens":2}}""");
        TestConfig.Write(home, ServiceKind.Claude, "c", (upstream.BaseUrl, null, "sk-ant-usage-000003"));
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        await proxy.Client.SendAsync(request);

        Assert.Null(Assert.Single(upstream.Requests).Header("accept-encoding"));
    }
}

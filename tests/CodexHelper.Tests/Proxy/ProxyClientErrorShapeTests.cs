using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

/// <summary>When every upstream fails, each client gets the one line in the shape it shows best (README "Errors the clients show").</summary>
public class ProxyClientErrorShapeTests
{
    [Fact]
    public async Task A_codex_turn_gets_a_response_failed_event_that_codex_prints_without_retrying()
    {
        using var home = new TempHome();
        await using var down = await StubUpstream.JsonAsync(503, """{"error":{"message":"overloaded"}}""");
        var refused = $"http://127.0.0.1:{FreePort.Get()}";
        TestConfig.Write(home, ServiceKind.Codex, "main", (down.BaseUrl, null, null), (refused, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("""{"model":"gpt-5","stream":true}""", Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("502", response.Headers.GetValues("x-codex-helper-status").Single());
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("event: response.failed\ndata: ", text, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        var data = JsonNode.Parse(text.Split('\n')[1]["data: ".Length..])!;
        Assert.Equal("response.failed", data["type"]!.GetValue<string>());
        Assert.Equal("invalid_prompt", data["response"]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal($"codex-helper: all 2 upstreams failed: {down.BaseUrl[7..]}: 503 overloaded; {refused[7..]}: connection refused",
            data["response"]!["error"]!["message"]!.GetValue<string>());
        Assert.Equal(502, (await proxy.LogLinesAsync(1))[0]["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Claude_code_gets_an_anthropic_error_it_shows_at_once_instead_of_retrying()
    {
        using var home = new TempHome();
        var refused = $"http://127.0.0.1:{FreePort.Get()}";
        TestConfig.Write(home, ServiceKind.Claude, "main", (refused, null, "sk-ant-never-shown-123456789"));
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = new StringContent("""{"model":"claude-sonnet-4-5","stream":true}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("error", body["type"]!.GetValue<string>());
        Assert.Equal("api_error", body["error"]!["type"]!.GetValue<string>());
        Assert.Equal($"codex-helper: the only upstream failed: {refused[7..]}: connection refused", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_upstream_message_that_echoes_a_key_is_masked()
    {
        using var home = new TempHome();
        await using var down = await StubUpstream.JsonAsync(500, """{"error":{"message":"bad key sk-live-0123456789abcdefghij for\nuser"}}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (down.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
        Assert.EndsWith(": 500 bad key sk-...ghij for user", message, StringComparison.Ordinal);
    }
}

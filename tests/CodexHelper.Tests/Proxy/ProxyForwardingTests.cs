using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

public class ProxyForwardingTests
{
    private const string ConfigKey = "sk-config-key-1234567890abcd";

    [Fact]
    public async Task Injects_the_configured_bearer_key_and_forwards_codex_headers_and_body()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.Headers["x-request-id"] = "req-42";
            ctx.Response.Headers["x-ratelimit-remaining-requests"] = "99";
            ctx.Response.Headers["openai-processing-ms"] = "12";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"id":"resp_1","usage":{"input_tokens":10,"output_tokens":5,"total_tokens":15}}""");
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl + "/v1", ConfigKey, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/responses?x=1")
        {
            Content = new StringContent("""{"model":"gpt-5","input":"hi"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "client-own-token");
        request.Headers.Add("session_id", "sess-1");
        request.Headers.Add("originator", "codex_cli_rs");
        request.Headers.Add("OpenAI-Beta", "responses=experimental");
        request.Headers.Add("Keep-Alive", "timeout=5");
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("req-42", response.Headers.GetValues("x-request-id").Single());
        Assert.Equal("99", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        var seen = Assert.Single(upstream.Requests);
        Assert.Equal("/v1/responses", seen.Path);
        Assert.Equal("?x=1", seen.Query);
        Assert.Equal("Bearer " + ConfigKey, seen.Header("authorization"));
        Assert.Equal("sess-1", seen.Header("session_id"));
        Assert.Equal("codex_cli_rs", seen.Header("originator"));
        Assert.Equal("responses=experimental", seen.Header("openai-beta"));
        Assert.Null(seen.Header("keep-alive"));
        Assert.Equal("""{"model":"gpt-5","input":"hi"}""", seen.BodyText);
        Assert.Equal(seen.Body.Length.ToString(), seen.Header("content-length"));
    }

    [Fact]
    public async Task Claude_api_key_replaces_the_clients_key_and_query_passes_through()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, """{"type":"message","usage":{"input_tokens":3,"output_tokens":2}}""");
        TestConfig.Write(home, ServiceKind.Claude, "claude-main", (upstream.BaseUrl, null, "sk-ant-configured-9999"));
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", "dummy-client-key");
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(upstream.Requests);
        Assert.Equal("/v1/messages", seen.Path);
        Assert.Equal("?beta=true", seen.Query);
        Assert.Equal("sk-ant-configured-9999", seen.Header("x-api-key"));
        Assert.Null(seen.Header("authorization"));
        Assert.Equal("2023-06-01", seen.Header("anthropic-version"));
    }

    [Fact]
    public async Task Without_configured_auth_the_clients_own_credentials_pass_through()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "chatgpt", (upstream.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "chatgpt-access-token");
        request.Headers.Add("chatgpt-account-id", "acct-1");
        using var response = await proxy.Client.SendAsync(request);

        var seen = Assert.Single(upstream.Requests);
        Assert.Equal("Bearer chatgpt-access-token", seen.Header("authorization"));
        Assert.Equal("acct-1", seen.Header("chatgpt-account-id"));
    }

    [Fact]
    public async Task Key_from_an_environment_variable_is_resolved_at_request_time()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        var config = new HelperConfig();
        config.Codex.Active = "env";
        config.Codex.Configs["env"] = new ServiceConfig
        {
            Name = "env",
            Upstreams = [new UpstreamConfig { BaseUrl = upstream.BaseUrl, Auth = new UpstreamAuth { AuthTokenEnv = "RELAY_KEY" } }],
        };
        ConfigStore.For(home.Paths).Save(config);
        home.Env["RELAY_KEY"] = "sk-from-env-5678";
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal("Bearer sk-from-env-5678", Assert.Single(upstream.Requests).Header("authorization"));
    }

    [Fact]
    public async Task Client_errors_pass_through_unchanged_with_status_headers_and_body()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 400;
            ctx.Response.Headers["x-request-id"] = "bad-1";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"error":{"message":"unknown parameter"}}""");
        });
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, "sk-abcdefghijkl", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad-1", response.Headers.GetValues("x-request-id").Single());
        Assert.Equal("""{"error":{"message":"unknown parameter"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Missing_config_answers_502_with_the_command_that_adds_one()
    {
        using var home = new TempHome();
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("codex-helper config add", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Oversized_body_gets_413_and_never_reaches_the_upstream()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.WriteWithRouting(home, upstream.BaseUrl, """{"max_request_body_bytes":4096}""");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var big = await proxy.Client.PostAsync("/responses", new ByteArrayContent(new byte[10_000]));
        using var small = await proxy.Client.PostAsync("/responses", new ByteArrayContent(new byte[1_000]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("max_request_body_bytes", await big.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task Oversized_chunked_body_without_content_length_gets_413()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.WriteWithRouting(home, upstream.BaseUrl, """{"max_request_body_bytes":4096}""");
        await using var proxy = await ProxyHarness.StartAsync(home);

        var content = new StreamContent(new MemoryStream(new byte[10_000]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task Unreachable_upstream_gives_502_naming_the_upstream_but_never_its_key()
    {
        using var home = new TempHome();
        var deadPort = FreePort.Get();
        TestConfig.Write(home, ServiceKind.Codex, "main", ($"http://127.0.0.1:{deadPort}/v1", "sk-secret-never-shown-0000", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));
        var body = await response.Content.ReadAsStringAsync();
        var log = (await proxy.LogLinesAsync(1))[0];

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains($"127.0.0.1:{deadPort}", body);
        Assert.Contains("connection refused", body);
        Assert.DoesNotContain("sk-secret-never-shown", body);
        Assert.Equal($"the only upstream failed: 127.0.0.1:{deadPort}: connection refused", log["error"]!.GetValue<string>());
        Assert.DoesNotContain("sk-secret-never-shown", proxy.RequestLogText);
        Assert.DoesNotContain("sk-secret-never-shown", await proxy.ConsoleTextAsync());
    }

    [Fact]
    public async Task Internal_status_endpoint_is_never_forwarded()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, "sk-abcdefghijkl", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        var status = JsonNode.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"))!;
        using var unknown = await proxy.Client.GetAsync("/__codex_helper/anything");

        Assert.Equal("codex", status["service"]!.GetValue<string>());
        Assert.Equal("main", status["active_config"]!.GetValue<string>());
        Assert.Equal(upstream.BaseUrl, status["upstreams"]![0]!["base_url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(upstream.Requests);
    }
}

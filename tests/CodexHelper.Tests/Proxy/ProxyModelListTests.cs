using System.Net;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

/// <summary>A relay without a model list: <c>GET /v1/models</c> is answered from the config's exact <c>models</c>, in the client's shape.</summary>
public class ProxyModelListTests
{
    private static void Write(TempHome home, ServiceKind kind, string baseUrl, List<string>? models)
    {
        var config = new HelperConfig();
        var section = config.Section(kind);
        section.Active = "m";
        section.Configs["m"] = new ServiceConfig { Name = "m", Upstreams = [new UpstreamConfig { BaseUrl = baseUrl, Auth = new UpstreamAuth(), Models = models }] };
        ConfigStore.For(home.Paths).Save(config);
    }

    [Theory]
    [InlineData("/v1/models")]
    [InlineData("/models")]
    public async Task Codex_gets_an_openai_list_of_the_exact_names_when_the_relay_answers_404(string path)
    {
        using var home = new TempHome();
        await using var relay = await StubUpstream.JsonAsync(404, """{"error":{"message":"not found"}}""");
        Write(home, ServiceKind.Codex, relay.BaseUrl, ["gpt-5", "gpt-5-codex", "o*"]);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.GetAsync(path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("list", body["object"]!.GetValue<string>());
        var data = body["data"]!.AsArray();
        Assert.Equal(["gpt-5", "gpt-5-codex"], data.Select(m => m!["id"]!.GetValue<string>()));
        Assert.All(data, m => Assert.Equal("model", m!["object"]!.GetValue<string>()));
        Assert.All(data, m => Assert.NotNull(m!["owned_by"]));
        Assert.Single(relay.Requests);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal(200, log["status_code"]!.GetValue<int>());
        Assert.Contains("models: answered from the config", log["translation_dropped"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claude_code_gets_an_anthropic_page()
    {
        using var home = new TempHome();
        await using var relay = await StubUpstream.JsonAsync(404, """{"type":"error","error":{"type":"not_found_error","message":"nope"}}""");
        Write(home, ServiceKind.Claude, relay.BaseUrl, ["claude-sonnet-4-5", "claude-opus-4-1"]);
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await proxy.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = body["data"]!.AsArray();
        Assert.Equal(["claude-sonnet-4-5", "claude-opus-4-1"], data.Select(m => m!["id"]!.GetValue<string>()));
        Assert.All(data, m => Assert.Equal("model", m!["type"]!.GetValue<string>()));
        Assert.Equal("claude-sonnet-4-5", data[0]!["display_name"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(data[0]!["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.False(body["has_more"]!.GetValue<bool>());
        Assert.Equal("claude-sonnet-4-5", body["first_id"]!.GetValue<string>());
        Assert.Equal("claude-opus-4-1", body["last_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_exact_names_the_404_passes_and_a_relay_list_is_relayed_as_is()
    {
        using var home = new TempHome();
        await using var relay = await StubUpstream.JsonAsync(404, """{"error":{"message":"not here"}}""");
        Write(home, ServiceKind.Codex, relay.BaseUrl, ["gpt-*"]);
        await using (var proxy = await ProxyHarness.StartAsync(home))
        {
            using var response = await proxy.Client.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("not here", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var home2 = new TempHome();
        await using var listing = await StubUpstream.JsonAsync(200, """{"object":"list","data":[{"id":"relay-model","object":"model"}]}""");
        Write(home2, ServiceKind.Codex, listing.BaseUrl, ["gpt-5"]);
        await using var proxy2 = await ProxyHarness.StartAsync(home2);
        using var listed = await proxy2.Client.GetAsync("/v1/models");
        Assert.Contains("relay-model", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_tokens_on_an_anthropic_relay_that_answers_404_gets_the_local_estimate()
    {
        using var home = new TempHome();
        await using var relay = await StubUpstream.JsonAsync(404, """{"type":"error","error":{"type":"not_found_error","message":"nope"}}""");
        Write(home, ServiceKind.Claude, relay.BaseUrl, null);
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages/count_tokens")
        {
            Content = new StringContent("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"count these words please, all of them"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await proxy.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body["input_tokens"]!.GetValue<long>() > 0);
        Assert.Single(relay.Requests);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Contains("estimate", log["translation_dropped"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

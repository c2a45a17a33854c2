using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

public class ProxyCompressedBodyTests
{
    private const string Body = """{"model":"gpt-5","input":"deploy to secret-corp.example now"}""";

    private static ByteArrayContent Compressed(byte[] bytes, string header)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentEncoding.Add(header);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task A_compressed_body_is_decoded_filtered_and_forwarded_uncompressed(string coding)
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        home.WriteHelperFile("filter.json", """[{ "op": "replace", "source": "secret-corp.example", "target": "[REDACTED]" }]""");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", Compressed(CompressedBodies.Encode(coding, Encoding.UTF8.GetBytes(Body)), coding));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(upstream.Requests);
        Assert.Equal("""{"model":"gpt-5","input":"deploy to [REDACTED] now"}""", seen.BodyText);
        Assert.Null(seen.Header("content-encoding"));
        Assert.Equal(seen.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), seen.Header("content-length"));
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Null(log["filtered"]);
        Assert.Equal("gpt-5", log["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_zstd_bomb_gets_413_in_the_usual_error_shape_and_never_reaches_the_upstream()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.WriteWithRouting(home, upstream.BaseUrl, """{"max_request_body_bytes":1048576}""");
        await using var proxy = await ProxyHarness.StartAsync(home);
        var bomb = CompressedBodies.ZstdBomb(1L << 30);

        using var response = await proxy.Client.PostAsync("/responses", Compressed(bomb, "zstd"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Contains("larger than 1048576 bytes once decoded", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal(413, log["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_corrupt_body_gets_400_saying_so()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", Compressed(Encoding.UTF8.GetBytes(Body), "zstd"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
        Assert.StartsWith("codex-helper: request body is not valid zstd", message, StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("deflate", "deflate")]
    [InlineData("zstd", "zstd")]
    public async Task A_truncated_body_gets_400_naming_its_coding_and_nothing_is_forwarded(string encoder, string coding)
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        var whole = CompressedBodies.Encode(encoder, Encoding.UTF8.GetBytes(Body + new string(' ', 4000)));

        using var response = await proxy.Client.PostAsync("/responses", Compressed(whole[..^3], coding));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
        Assert.StartsWith($"codex-helper: request body is not valid {coding}: truncated", message, StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("rejected", log["outcome"]!.GetValue<string>());
        Assert.Equal(400, log["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_gzip_body_of_two_members_is_forwarded_whole()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        var bytes = Encoding.UTF8.GetBytes(Body);
        byte[] twoMembers = [.. CompressedBodies.Encode("gzip", bytes[..20]), .. CompressedBodies.Encode("gzip", bytes[20..])];

        using var response = await proxy.Client.PostAsync("/responses", Compressed(twoMembers, "gzip"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Body, Assert.Single(upstream.Requests).BodyText);
    }

    [Fact]
    public async Task Passthrough_sends_the_compressed_bytes_as_they_came()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.WriteWithRouting(home, upstream.BaseUrl, """{"request_body_encoding":"passthrough"}""");
        await using var proxy = await ProxyHarness.StartAsync(home);
        var zstd = CompressedBodies.Encode("zstd", Encoding.UTF8.GetBytes(Body));

        using var response = await proxy.Client.PostAsync("/responses", Compressed(zstd, "zstd"));

        var seen = Assert.Single(upstream.Requests);
        Assert.Equal(zstd, seen.Body);
        Assert.Equal("zstd", seen.Header("content-encoding"));
        Assert.False((await proxy.LogLinesAsync(1))[0]["filtered"]!.GetValue<bool>());
    }
}

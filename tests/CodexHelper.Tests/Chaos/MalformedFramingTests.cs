using System.Net.Sockets;
using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Chaos;

/// <summary>
/// Requests whose framing or target is broken, written byte by byte on a raw socket: each gets a 400, nothing
/// reaches the upstream, and the proxy answers the next ordinary request as if nothing happened.
/// </summary>
[Trait("Category", "Chaos")]
public class MalformedFramingTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "content-length plus an invalid chunked body", "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nhello\r\n\r\n" },
        { "bare CR in a header", "POST /v1/responses HTTP/1.1\r\nHost: x\rX-Evil: 1\r\nContent-Length: 2\r\n\r\n{}" },
        { "NUL in a header value", "POST /v1/responses HTTP/1.1\r\nHost: x\r\nX-Evil: a\0b\r\nContent-Length: 2\r\n\r\n{}" },
        { "duplicate content-length", "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x" },
        { "absolute-form target", "POST http://evil.example/v1/responses HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 2\r\n\r\n{}" },
        { "dot-dot path", "POST /v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}" },
        { "encoded dot-dot path", "POST /v1/%2e%2e/admin HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Broken_requests_get_a_400_and_nothing_is_forwarded(string name, string raw)
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, """{"ok":true}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, "sk-test-000000000001", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        var answer = await SendRawAsync(proxy.Server.Port, raw);

        Assert.True(answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), $"{name}: {answer}");
        Assert.Empty(upstream.Requests);
        using var next = await proxy.Client.PostAsync("/v1/responses", new StringContent("{}"));
        Assert.Equal(System.Net.HttpStatusCode.OK, next.StatusCode);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task An_invalid_chunked_body_is_a_logged_400_json_error()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        var answer = await SendRawAsync(proxy.Server.Port, "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nhello\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("application/json", answer);
        Assert.Contains("\"codex_helper_error\"", answer);
        var log = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal(400, log["status_code"]!.GetValue<int>());
        Assert.Equal("rejected", log["outcome"]!.GetValue<string>());
        Assert.Contains("malformed request body", log["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rejected_target_is_logged_with_its_reason()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        var answer = await SendRawAsync(proxy.Server.Port, "GET http://evil.example/v1/models HTTP/1.1\r\nHost: evil.example\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", answer);
        var log = Assert.Single(await proxy.LogLinesAsync(1));
        Assert.Equal("rejected", log["outcome"]!.GetValue<string>());
        Assert.Contains("origin-form", log["error"]!.GetValue<string>());
    }

    /// <summary>Writes <paramref name="raw"/> as is and reads until the proxy closes or a second passes after the answer began.</summary>
    private static async Task<string> SendRawAsync(int port, string raw)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(raw));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var text = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length);
                if (HasWholeAnswer(text))
                {
                    break;
                }

                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    private static bool HasWholeAnswer(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var headers = text[..end];
        var length = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null && text.Length - end - 4 >= int.Parse(length["Content-Length:".Length..].Trim());
    }
}

using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Judging;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>The log's <c>attempts</c> keep what a failed upstream said, bounded and with no key in it.</summary>
public sealed class ProxyAttemptErrorTests
{
    private const string OurKey = "relay-key-0123456789abcdefXYZ1";

    [Fact]
    public async Task A_json_error_answer_is_kept_in_the_attempt_with_the_echoed_key_masked()
    {
        using var home = new TempHome();
        await using var broken = await StubUpstream.JsonAsync(500, "{\"error\":{\"message\":\"internal error; key " + OurKey + " is over quota\"}}");
        await using var healthy = await StubUpstream.JsonAsync(200, """{"ok":true}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (broken.BaseUrl, OurKey, null), (healthy.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = (await proxy.LogLinesAsync(1))[0];
        var error = log["attempts"]!.AsArray()[0]!["error"]!.GetValue<string>();
        Assert.StartsWith("HTTP 500: internal error; key ", error, StringComparison.Ordinal);
        Assert.EndsWith(" is over quota", error, StringComparison.Ordinal);
        Assert.Contains(SecretMask.Mask(OurKey), error, StringComparison.Ordinal);
        Assert.DoesNotContain(OurKey, proxy.RequestLogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_html_error_page_becomes_one_bounded_line_with_the_clients_own_key_masked()
    {
        using var home = new TempHome();
        const string clientKey = "client-own-key-9876543210zyxwvu";
        var page = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\r\n<center>nginx</center> token " + clientKey + "\n"
            + string.Concat(Enumerable.Repeat("<p>padding line</p>\n", 400)) + "</body></html>";
        await using var broken = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 502;
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync(page);
        });
        await using var healthy = await StubUpstream.JsonAsync(200, """{"ok":true}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (broken.BaseUrl, null, null), (healthy.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + clientKey);
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = (await proxy.LogLinesAsync(1))[0]["attempts"]!.AsArray()[0]!["error"]!.GetValue<string>();
        Assert.StartsWith("HTTP 502: <html> <head><title>502 Bad Gateway</title></head> <body> <center>nginx</center> token ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain('\r', error);
        Assert.EndsWith("…", error, StringComparison.Ordinal);
        Assert.True(error.Length <= "HTTP 502: ".Length + CodexHelper.Proxy.Judging.UpstreamErrorExcerpt.MaxChars + 1, error);
        Assert.DoesNotContain(clientKey, proxy.RequestLogText, StringComparison.Ordinal);
    }
}

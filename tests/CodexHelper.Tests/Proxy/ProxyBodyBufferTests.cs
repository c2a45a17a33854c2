using System.Net;
using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>Pooled body buffers must never carry one request's bytes into another's.</summary>
public class ProxyBodyBufferTests
{
    [Fact]
    public async Task Concurrent_filtered_bodies_reach_the_upstream_intact_even_when_a_first_upstream_answers_before_reading()
    {
        using var home = new TempHome();
        // Answers at once without reading the body, so HttpClient may still be sending it when the proxy moves on.
        await using var early = await StubUpstream.StartRawAsync(async ctx =>
        {
            ctx.Response.StatusCode = 503;
            await ctx.Response.WriteAsync("busy");
        });
        await using var echo = await StubUpstream.StartAsync(async (ctx, seen) =>
        {
            ctx.Response.ContentType = "text/plain";
            await ctx.Response.WriteAsync(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(seen.Body)));
        });
        TestConfig.WriteWithRouting(home, early.BaseUrl, """{"failure_threshold":1000}""", echo.BaseUrl);
        home.WriteHelperFile("filter.json", """[{"op":"replace","source":"secret.example","target":"[R]"}]""");
        await using var proxy = await ProxyHarness.StartAsync(home);

        var tasks = Enumerable.Range(0, 40).Select(async i =>
        {
            var text = $"{{\"model\":\"m{i}\",\"input\":\"" + string.Concat(Enumerable.Repeat($"request {i:D3} secret.example ", 6000)) + "\"}";
            var expected = Encoding.UTF8.GetBytes(text.Replace("secret.example", "[R]", StringComparison.Ordinal));
            using var response = await proxy.Client.PostAsync("/responses", new StringContent(text, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(expected)), await response.Content.ReadAsStringAsync());
        });

        await Task.WhenAll(tasks);
        Assert.Equal(40, echo.RequestCount);
    }
}

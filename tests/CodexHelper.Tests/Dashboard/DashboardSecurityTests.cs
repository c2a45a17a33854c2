using System.Net;
using System.Text;
using CodexHelper.Configuration;

namespace CodexHelper.Tests.Dashboard;

/// <summary>Another web site, a DNS-rebinding page or a request without the token gets nothing and changes nothing.</summary>
public class DashboardSecurityTests
{
    [Fact]
    public async Task Another_origin_a_wrong_host_or_a_missing_token_is_refused()
    {
        await using var f = await DashboardFixture.StartAsync();
        var token = await DashboardHttp.TokenAsync(f);
        var host = f.Proxy.Server.BaseAddress.Authority;

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(f, "api/state", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(f, "api/state", token: null));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(f, "api/state", token + "0"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(f, "api/state", token, origin: "http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(f, "events", token, origin: "http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(f, "api/state", token, hostHeader: "evil.example:" + f.Proxy.Server.Port));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(f, "ui", token: null, hostHeader: "rebind.evil.example:" + f.Proxy.Server.Port));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(f, "api/state", token, fetchSite: "cross-site"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(f, "api/state", token, origin: "http://" + host, fetchSite: "same-origin"));

        // An action with the right token but from another origin changes nothing.
        using var action = new HttpRequestMessage(HttpMethod.Post, "/__codex_helper/api/action")
        {
            Content = new StringContent("{\"action\":\"set_active\",\"config\":\"other\"}", Encoding.UTF8, "application/json"),
        };
        action.Headers.Add("X-Codex-Helper-Token", token);
        action.Headers.Add("Origin", "http://evil.example");
        using var refused = await f.Proxy.Client.SendAsync(action);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("main", ConfigStore.For(f.Home.Paths).Load()!.Codex.Active);
    }

    [Fact]
    public async Task The_page_cannot_be_framed_and_no_key_reaches_it()
    {
        await using var f = await DashboardFixture.StartAsync();
        var token = await DashboardHttp.TokenAsync(f);
        Assert.Equal(200, await f.SendAsync("gpt-5-keys"));

        using var page = await f.Proxy.Client.GetAsync("/__codex_helper/ui");
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());

        foreach (var path in new[] { "api/state", "api/today", "api/requests/1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/__codex_helper/" + path);
            request.Headers.Add("X-Codex-Helper-Token", token);
            using var response = await f.Proxy.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("secret-000", body);
            Assert.DoesNotContain("sk-client-placeholder-9999", body);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(DashboardFixture f, string path, string? token, string? origin = null, string? hostHeader = null, string? fetchSite = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/__codex_helper/" + path);
        if (token is not null)
        {
            request.Headers.Add("X-Codex-Helper-Token", token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (hostHeader is not null)
        {
            request.Headers.Host = hostHeader;
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await f.Proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}

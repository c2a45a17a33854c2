using System.Net.Http.Headers;
using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

public class ProxyFilterTests
{
    [Fact]
    public async Task Filter_rules_rewrite_the_body_before_it_leaves_and_content_length_follows()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        home.WriteHelperFile("filter.json", """
            [
              { "op": "replace", "source": "corp.internal", "target": "[DOMAIN]" },
              { "op": "remove", "source": "tok-123456" }
            ]
            """);
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.PostAsync("/responses",
            new StringContent("""{"model":"m","input":"see corp.internal with tok-123456 at corp.internal"}""", Encoding.UTF8, "application/json"));

        var seen = Assert.Single(upstream.Requests);
        Assert.Equal("""{"model":"m","input":"see [DOMAIN] with  at [DOMAIN]"}""", seen.BodyText);
        Assert.Equal(seen.Body.Length.ToString(), seen.Header("content-length"));
    }

    [Fact]
    public async Task Bodies_in_an_unknown_coding_pass_untouched_and_the_log_says_so()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        home.WriteHelperFile("filter.json", """[{ "op": "remove", "source": "x" }]""");
        await using var proxy = await ProxyHarness.StartAsync(home);
        var lz4 = new byte[] { 0x04, 0x22, 0x4d, 0x18, (byte)'x', (byte)'x' };

        var content = new ByteArrayContent(lz4);
        content.Headers.ContentEncoding.Add("lz4");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await proxy.Client.PostAsync("/responses", content);

        Assert.Equal(lz4, Assert.Single(upstream.Requests).Body);
        Assert.Equal("lz4", upstream.Requests.Single().Header("content-encoding"));
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.False(log["filtered"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_filter_edit_applies_to_the_next_requests_without_restart()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, "{}");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl, null, null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        await proxy.Client.PostAsync("/responses", new StringContent("secret-a"));

        home.WriteHelperFile("filter.json", """[{ "op": "replace", "source": "secret-a", "target": "***" }]""");
        var filtered = false;
        for (var i = 0; i < 60 && !filtered; i++)
        {
            await Task.Delay(100);
            await proxy.Client.PostAsync("/responses", new StringContent("secret-a"));
            filtered = upstream.Requests.Last().BodyText == "***";
        }

        Assert.Equal("secret-a", upstream.Requests.First().BodyText);
        Assert.True(filtered);
    }
}

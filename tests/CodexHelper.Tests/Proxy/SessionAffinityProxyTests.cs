using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Routing;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

/// <summary>
/// Session affinity through the proxy, with relays that mint their own reasoning state: a session that moved to the
/// backup stays there (with the state b minted) after the primary is the proxy's choice again, and goes back to the
/// primary once it has been idle past the expiry.
/// </summary>
public class SessionAffinityProxyTests
{
    [Fact]
    public async Task A_session_stays_on_the_backup_after_the_primary_recovers_until_it_has_been_idle_past_the_expiry()
    {
        using var home = new TempHome();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var a = await StatefulRelay.StartAsync("a", anthropic: false);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: false);
        TestConfig.Write(home, ServiceKind.Codex, "main", (a.BaseUrl, "sk-aaaaaaaaaaaa1", null), (b.BaseUrl, "sk-bbbbbbbbbbbb2", null));
        await using var proxy = await ProxyHarness.StartAsync(home, clock: clock);
        var codex = new ClientConversation(claude: false, session: "sess-affine");
        var other = new ClientConversation(claude: false, session: "sess-other");

        await Turn(proxy.Client, codex, "hello");
        a.Down = true;
        await Turn(proxy.Client, codex, "go on");
        a.Down = false;
        // Another session, failing once on b (the proxy's last good upstream), makes a the proxy's choice again.
        b.Down = true;
        await Turn(proxy.Client, other, "elsewhere");
        b.Down = false;
        var onB = b.Seen.Count;

        await Turn(proxy.Client, codex, "and then");

        Assert.Equal(onB + 1, b.Seen.Count);
        Assert.Contains("gAAAAA-b-", b.Seen[^1].BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("gAAAAA-a-", b.Seen[^1].BodyText, StringComparison.Ordinal);

        clock.Advance(SessionAffinity.DefaultIdleExpiry + TimeSpan.FromMinutes(1));
        var onA = a.Seen.Count;
        await Turn(proxy.Client, codex, "after a break");

        Assert.Equal(onA + 1, a.Seen.Count);
        Assert.DoesNotContain("gAAAAA-b-", a.Seen[^1].BodyText, StringComparison.Ordinal);
        var log = await proxy.LogLinesAsync(5);
        Assert.Equal("previous upstream failed", log[1]["session_moved"]!.GetValue<string>());
        Assert.Null(log[3]["session_moved"]);
        Assert.Equal(b.BaseUrl, log[3]["upstream_base_url"]!.GetValue<string>().TrimEnd('/'));
        Assert.Null(log[4]["session_moved"]);
    }

    [Fact]
    public async Task Without_a_session_header_the_bodys_prompt_cache_key_keys_the_session()
    {
        using var home = new TempHome();
        await using var a = await StatefulRelay.StartAsync("a", anthropic: false);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: false);
        TestConfig.Write(home, ServiceKind.Codex, "main", (a.BaseUrl, "sk-aaaaaaaaaaaa1", null), (b.BaseUrl, "sk-bbbbbbbbbbbb2", null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        var codex = new ClientConversation(claude: false, session: "019a-cache-key-1", keyInBody: true);
        var other = new ClientConversation(claude: false, session: "019a-cache-key-2", keyInBody: true);

        await Turn(proxy.Client, codex, "hello");
        a.Down = true;
        await Turn(proxy.Client, codex, "go on");
        a.Down = false;
        b.Down = true;
        await Turn(proxy.Client, other, "elsewhere");
        b.Down = false;
        var onB = b.Seen.Count;

        await Turn(proxy.Client, codex, "and then");

        Assert.Equal(onB + 1, b.Seen.Count);
        Assert.Contains("gAAAAA-b-", b.Seen[^1].BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("gAAAAA-a-", b.Seen[^1].BodyText, StringComparison.Ordinal);
        // The key is read, not taken out.
        Assert.Contains("\"prompt_cache_key\":\"019a-cache-key-1\"", b.Seen[^1].BodyText, StringComparison.Ordinal);
        Assert.Null(b.Seen[^1].Header("session_id"));
        var log = await proxy.LogLinesAsync(4);
        Assert.Equal("019a-cache-key-1", log[0]["session_id"]!.GetValue<string>());
        Assert.Equal("previous upstream failed", log[1]["session_moved"]!.GetValue<string>());
        Assert.Equal("019a-cache-key-2", log[2]["session_id"]!.GetValue<string>());
        Assert.Null(log[3]["session_moved"]);
    }

    private static async Task Turn(HttpClient client, ClientConversation conversation, string text)
    {
        using var response = await conversation.TurnAsync(client, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Conversations;

/// <summary>
/// A conversation carried across relays: relays that mint their own reasoning state and refuse anyone else's with the
/// providers' real 400s. The turn after a failover or a switch succeeds and the new relay never sees the old one's
/// state; a conversation that stays put sends its body byte for byte.
/// </summary>
public class ConversationSwitchTests
{
    [Fact]
    public async Task A_Codex_turn_fails_over_to_a_relay_that_never_sees_the_first_relays_encrypted_reasoning()
    {
        using var home = new TempHome();
        await using var a = await StatefulRelay.StartAsync("a", anthropic: false);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: false);
        TestConfig.Write(home, ServiceKind.Codex, "main", (a.BaseUrl, "sk-aaaaaaaaaaaa1", null), (b.BaseUrl, "sk-bbbbbbbbbbbb2", null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        var codex = new ClientConversation(claude: false);

        using (var first = await codex.TurnAsync(proxy.Client, "hello"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        a.Down = true;
        using (var second = await codex.TurnAsync(proxy.Client, "go on"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        Assert.Contains("gAAAAA-a-1", a.Seen[1].BodyText, StringComparison.Ordinal);
        var onB = Assert.Single(b.Seen);
        Assert.DoesNotContain("gAAAAA-a-1", onB.BodyText, StringComparison.Ordinal);
        Assert.Contains("answer from a", onB.BodyText, StringComparison.Ordinal);
        Assert.Equal([200], b.Statuses);

        // The next turn carries both relays' reasoning: B gets its own back, still not A's.
        using (var third = await codex.TurnAsync(proxy.Client, "and then"))
        {
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        }

        var third3 = b.Seen[1].BodyText;
        Assert.Contains("gAAAAA-b-1", third3, StringComparison.Ordinal);
        Assert.DoesNotContain("gAAAAA-a-1", third3, StringComparison.Ordinal);
        var log = await proxy.LogLinesAsync(3);
        Assert.Null(log[0]["state_cleaned"]);
        Assert.Equal(1, log[1]["state_cleaned"]!.GetValue<int>());
        Assert.Equal(1, log[2]["state_cleaned"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Claude_turn_fails_over_without_the_foreign_thinking_and_turns_thinking_off_only_when_a_tool_call_needs_it(bool toolCall)
    {
        using var home = new TempHome();
        await using var a = await StatefulRelay.StartAsync("a", anthropic: true);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: true);
        a.CallsTool = toolCall;
        TestConfig.Write(home, ServiceKind.Claude, "main", (a.BaseUrl, null, "sk-ant-aaaaaaaa1"), (b.BaseUrl, null, "sk-ant-bbbbbbbb2"));
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);
        var claude = new ClientConversation(claude: true);

        using (var first = await claude.TurnAsync(proxy.Client, "hello"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        a.Down = true;
        using (var second = await claude.TurnAsync(proxy.Client, "tool output"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        Assert.Contains("sig-a-1", System.Text.Encoding.UTF8.GetString(claude.LastBody), StringComparison.Ordinal);
        var onB = Assert.Single(b.Seen).BodyText;
        Assert.DoesNotContain("sig-a-1", onB, StringComparison.Ordinal);
        Assert.DoesNotContain("\"thinking\":\"thought on a\"", onB, StringComparison.Ordinal);
        Assert.Equal(toolCall, onB.Contains("\"thinking\":{\"type\":\"disabled\"}", StringComparison.Ordinal));
        Assert.Equal(!toolCall, onB.Contains("\"budget_tokens\":2048", StringComparison.Ordinal));
        Assert.Equal([200], b.Statuses);
        Assert.Equal(1, (await proxy.LogLinesAsync(2))[1]["state_cleaned"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task State_a_translated_relay_minted_is_left_out_for_a_relay_of_the_clients_own_protocol(bool claudeClient)
    {
        using var home = new TempHome();
        await using var a = await StatefulRelay.StartAsync("a", anthropic: !claudeClient);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: claudeClient);
        var (service, aProtocol) = claudeClient ? ("claude", "responses") : ("codex", "anthropic");
        TestConfig.WriteRaw(home, "{\"version\":1,\"" + service + "\":{\"active\":\"t\",\"configs\":{\"t\":{\"name\":\"t\",\"upstreams\":["
            + "{\"base_url\":\"" + a.BaseUrl + "\",\"auth\":{\"auth_token\":\"sk-aaaaaaaaaaaa1\"},\"protocol\":\"" + aProtocol + "\"},"
            + "{\"base_url\":\"" + b.BaseUrl + "\",\"auth\":{\"auth_token\":\"sk-bbbbbbbbbbbb2\"}}]}}}}");
        await using var proxy = await ProxyHarness.StartAsync(home, claudeClient ? ServiceKind.Claude : ServiceKind.Codex);
        var client = new ClientConversation(claudeClient);
        using (var first = await client.TurnAsync(proxy.Client, "hello"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        a.Down = true;
        using (var second = await client.TurnAsync(proxy.Client, "go on"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        // The client holds A's state in its own protocol's shape (a signature as encrypted_content, or the reverse).
        var minted = claudeClient ? "gAAAAA-a-1" : "sig-a-1";
        Assert.Contains(minted, System.Text.Encoding.UTF8.GetString(client.LastBody), StringComparison.Ordinal);
        Assert.DoesNotContain(minted, Assert.Single(b.Seen).BodyText, StringComparison.Ordinal);
        Assert.Equal([200], b.Statuses);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_conversation_that_stays_on_its_relay_sends_every_body_byte_for_byte(bool claudeClient)
    {
        using var home = new TempHome();
        await using var a = await StatefulRelay.StartAsync("a", anthropic: claudeClient);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: claudeClient);
        var kind = claudeClient ? ServiceKind.Claude : ServiceKind.Codex;
        TestConfig.Write(home, kind, "main", (a.BaseUrl, "sk-aaaaaaaaaaaa1", null), (b.BaseUrl, "sk-bbbbbbbbbbbb2", null));
        await using var proxy = await ProxyHarness.StartAsync(home, kind);
        var client = new ClientConversation(claudeClient);

        for (var turn = 0; turn < 3; turn++)
        {
            using var response = await client.TurnAsync(proxy.Client, "turn " + turn);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(client.LastBody, a.Seen[^1].Body);
        }

        Assert.Contains(claudeClient ? "sig-a-2" : "gAAAAA-a-2", a.Seen[^1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_set_active_to_another_config_the_first_configs_reasoning_is_left_out()
    {
        using var home = new TempHome();
        await using var a = await StatefulRelay.StartAsync("a", anthropic: false);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: false);
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"one\",\"configs\":{"
            + "\"one\":{\"name\":\"one\",\"upstreams\":[{\"base_url\":\"" + a.BaseUrl + "\",\"auth\":{\"auth_token\":\"sk-aaaaaaaaaaaa1\"}}]},"
            + "\"two\":{\"name\":\"two\",\"upstreams\":[{\"base_url\":\"" + b.BaseUrl + "\",\"auth\":{\"auth_token\":\"sk-bbbbbbbbbbbb2\"}}]}}},"
            + "\"claude\":{\"active\":null,\"configs\":{}}}");
        await using var proxy = await ProxyHarness.StartAsync(home);
        var codex = new ClientConversation(claude: false);
        using (var first = await codex.TurnAsync(proxy.Client, "hello"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.Equal(0, (await home.RunAsync("config", "set-active", "two")).ExitCode);
        await Eventually.True(async () => (await proxy.ConsoleTextAsync()).Contains("config reloaded: two", StringComparison.Ordinal));
        using (var second = await codex.TurnAsync(proxy.Client, "go on"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var onB = Assert.Single(b.Seen).BodyText;
        Assert.DoesNotContain("gAAAAA-a-1", onB, StringComparison.Ordinal);
        Assert.Contains("answer from a", onB, StringComparison.Ordinal);
        Assert.Equal(1, (await proxy.LogLinesAsync(2))[1]["state_cleaned"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_a_restart_the_relays_refusal_of_foreign_state_is_retried_once_cleaned(bool claudeClient)
    {
        using var home = new TempHome();
        await using var a = await StatefulRelay.StartAsync("a", anthropic: claudeClient);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: claudeClient);
        var kind = claudeClient ? ServiceKind.Claude : ServiceKind.Codex;
        TestConfig.Write(home, kind, "main", (a.BaseUrl, "sk-aaaaaaaaaaaa1", null));
        var client = new ClientConversation(claudeClient);
        await using (var before = await ProxyHarness.StartAsync(home, kind))
        {
            using var first = await client.TurnAsync(before.Client, "hello");
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // A new proxy knows nothing of the conversation; its only relay is B.
        TestConfig.Write(home, kind, "main", (b.BaseUrl, "sk-bbbbbbbbbbbb2", null));
        await using var proxy = await ProxyHarness.StartAsync(home, kind);
        using (var second = await client.TurnAsync(proxy.Client, "go on"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        Assert.Equal([400, 200], b.Statuses);
        Assert.Contains(claudeClient ? "sig-a-1" : "gAAAAA-a-1", b.Seen[0].BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(claudeClient ? "sig-a-1" : "gAAAAA-a-1", b.Seen[1].BodyText, StringComparison.Ordinal);
        var log = (await proxy.LogLinesAsync(2))[1]; // the first proxy's line comes first
        Assert.Equal(200, log["status_code"]!.GetValue<int>());
        Assert.Equal(1, log["state_cleaned"]!.GetValue<int>());
        var attempts = log["attempts"]!.AsArray();
        Assert.Equal("foreign reasoning state, retried cleaned", attempts[0]!["error"]!.GetValue<string>());
        Assert.Equal(400, attempts[0]!["status_code"]!.GetValue<int>());
        Assert.Equal(200, attempts[1]!["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_cleaned_retry_happens_once_and_a_second_refusal_reaches_the_client_as_it_is()
    {
        using var home = new TempHome();
        await using var relay = await StubUpstream.JsonAsync(400, StatefulRelay.OpenAiForeignState);
        TestConfig.Write(home, ServiceKind.Codex, "main", (relay.BaseUrl, "sk-aaaaaaaaaaaa1", null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        var body = """{"model":"gpt-5","stream":true,"input":[{"type":"message","role":"user","content":"hi"},{"type":"reasoning","summary":[],"encrypted_content":"gAAAAA-x"}]}""";

        using var response = await proxy.Client.PostAsync("/responses", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(StatefulRelay.OpenAiForeignState, await response.Content.ReadAsStringAsync());
        var seen = relay.Requests.ToArray();
        Assert.Equal(2, seen.Length);
        Assert.Equal(body, seen[0].BodyText);
        Assert.Equal("""{"model":"gpt-5","stream":true,"input":[{"type":"message","role":"user","content":"hi"}]}""", seen[1].BodyText);
    }

    [Fact]
    public async Task A_400_about_something_else_is_relayed_as_it_is_without_a_retry()
    {
        using var home = new TempHome();
        const string other = """{"error":{"message":"Unsupported parameter: 'temperature'","type":"invalid_request_error","code":"unsupported_parameter"}}""";
        await using var relay = await StubUpstream.JsonAsync(400, other);
        TestConfig.Write(home, ServiceKind.Codex, "main", (relay.BaseUrl, "sk-aaaaaaaaaaaa1", null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        var body = """{"model":"gpt-5","stream":true,"input":[{"type":"reasoning","summary":[],"encrypted_content":"gAAAAA-x"}]}""";

        using var response = await proxy.Client.PostAsync("/responses", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(other, await response.Content.ReadAsStringAsync());
        Assert.Equal(body, Assert.Single(relay.Requests).BodyText);
    }
}

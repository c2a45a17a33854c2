using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodexHelper.Tests.Support;
using CodexHelper.Translation.ResponsesClient;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>
/// Codex's compaction on relays that cannot compact: <c>POST /responses/compact</c> answered from a summary request,
/// and a native compaction the relay refuses retried as the emulation once, then emulated straight away.
/// </summary>
public class ProxyCompactionTests
{
    private const string Key = "sk-compaction-key-7311";

    private static void WriteConfig(TempHome home, string baseUrl, string protocol) =>
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"t\",\"configs\":{\"t\":{\"name\":\"t\",\"upstreams\":[{\"base_url\":\"" + baseUrl
            + "\",\"auth\":{\"auth_token\":\"" + Key + "\"},\"protocol\":\"" + protocol + "\"}]}}}}");

    private static JsonArray History() =>
    [
        new JsonObject { ["type"] = "message", ["role"] = "developer", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "be terse" }) },
        new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "fix the parser" }) },
        new JsonObject { ["type"] = "message", ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = "done: parser fixed" }) },
    ];

    /// <summary>Codex's <c>/responses/compact</c> body: the history, its instructions and tools, no stream.</summary>
    private static HttpRequestMessage CompactRequest(JsonArray? input = null) => new(HttpMethod.Post, "/responses/compact")
    {
        Content = new StringContent(new JsonObject
        {
            ["model"] = "gpt-5",
            ["input"] = input ?? History(),
            ["instructions"] = "You are Codex.",
            ["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["name"] = "exec_command", ["parameters"] = new JsonObject { ["type"] = "object" } }),
            ["parallel_tool_calls"] = false,
        }.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    /// <summary>A remote compaction v2 turn: the history and a trailing <c>compaction_trigger</c>, streamed.</summary>
    private static HttpRequestMessage InlineCompaction()
    {
        var input = History();
        input.Add(new JsonObject { ["type"] = "compaction_trigger" });
        var request = new HttpRequestMessage(HttpMethod.Post, "/responses")
        {
            Content = new StringContent(new JsonObject { ["model"] = "gpt-5", ["stream"] = true, ["input"] = input, ["tools"] = new JsonArray() }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    private static async Task<JsonElement> CompactAsync(ProxyHarness proxy, JsonArray? input = null)
    {
        using var response = await proxy.Client.SendAsync(CompactRequest(input));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Summary(JsonElement compactionItem)
    {
        var encrypted = compactionItem.GetProperty("encrypted_content").GetString()!;
        Assert.StartsWith(CompactionEmulation.Prefix, encrypted, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(Convert.FromBase64String(encrypted[CompactionEmulation.Prefix.Length..]));
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("anthropic")]
    public async Task Responses_compact_on_a_relay_of_another_protocol_is_answered_with_the_user_messages_and_a_summary_item(string protocol)
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync(protocol);
        WriteConfig(home, relay.BaseUrl, protocol);
        await using var proxy = await ProxyHarness.StartAsync(home);

        var compacted = await CompactAsync(proxy);

        Assert.Equal("response.compaction", compacted.GetProperty("object").GetString());
        var output = compacted.GetProperty("output").EnumerateArray().ToArray();
        Assert.Equal(2, output.Length);
        Assert.Equal("user", output[0].GetProperty("role").GetString());
        Assert.Contains("fix the parser", output[0].GetRawText(), StringComparison.Ordinal);
        Assert.Equal("compaction", output[1].GetProperty("type").GetString());
        Assert.Equal(OneProtocolRelay.Answer, Summary(output[1]));
        var asked = Assert.Single(relay.Turns).BodyText;
        Assert.Contains("Summarise the conversation", asked, StringComparison.Ordinal);
        Assert.Contains("done: parser fixed", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("exec_command", asked, StringComparison.Ordinal);
        Assert.DoesNotContain(relay.Requests, r => r.Path.EndsWith("/compact", StringComparison.Ordinal));
        var line = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("/responses/compact", line["path"]!.GetValue<string>());
        Assert.Contains(line["translation_dropped"]!.AsArray(), n => n!.GetValue<string>().StartsWith(CompactionEmulation.EmulatedNote, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_compaction_summarises_the_first_summary_and_keeps_no_stale_item()
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        WriteConfig(home, relay.BaseUrl, "chat");
        await using var proxy = await ProxyHarness.StartAsync(home);
        var first = (await CompactAsync(proxy)).GetProperty("output").EnumerateArray().Last();

        var again = History();
        again.Insert(0, JsonNode.Parse(first.GetRawText())!);
        var second = (await CompactAsync(proxy, again)).GetProperty("output").EnumerateArray().ToArray();

        Assert.Single(second, i => i.GetProperty("type").GetString() == "compaction");
        Assert.Contains("Summary of the conversation so far", relay.Turns.Last().BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(CompactionEmulation.Prefix, relay.Turns.Last().BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_compact_on_a_responses_relay_without_it_falls_back_to_the_emulation_once_and_then_goes_straight_there()
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync("responses");
        WriteConfig(home, relay.BaseUrl, "responses");
        await using var proxy = await ProxyHarness.StartAsync(home);

        var first = await CompactAsync(proxy);
        var second = await CompactAsync(proxy);

        foreach (var compacted in new[] { first, second })
        {
            Assert.Equal(OneProtocolRelay.Answer, Summary(compacted.GetProperty("output").EnumerateArray().Last()));
        }

        // The relay's 404 to /responses/compact was met once; the second compaction went straight to the summary request.
        Assert.Equal(new[] { "/v1/responses/compact", "/v1/responses", "/v1/responses" }, relay.Requests.Select(r => r.Path).ToArray());
        Assert.Equal("false", JsonNode.Parse(relay.Turns.First().Body)!["stream"]!.ToJsonString());
        var lines = await proxy.LogLinesAsync(2);
        Assert.Contains("cannot compact, retried emulated", lines[0]["attempts"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(lines[0]["translation_dropped"]!.AsArray(), n => n!.GetValue<string>().Contains("refused native compaction (HTTP 404 to /responses/compact)", StringComparison.Ordinal));
        Assert.Null(lines[1]["attempts"]);
        Assert.Equal(200, lines[1]["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_responses_relay_that_compacts_gets_the_request_as_it_is_and_its_answer_is_relayed()
    {
        using var home = new TempHome();
        const string native = """{"id":"cmp_1","object":"response.compaction","output":[{"type":"compaction","encrypted_content":"gAAAA-opaque"}]}""";
        await using var relay = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(native);
        });
        WriteConfig(home, relay.BaseUrl + "/v1", "responses");
        await using var proxy = await ProxyHarness.StartAsync(home);

        var compacted = await CompactAsync(proxy);

        Assert.Equal("gAAAA-opaque", compacted.GetProperty("output")[0].GetProperty("encrypted_content").GetString());
        var seen = Assert.Single(relay.Requests);
        Assert.Equal("/v1/responses/compact", seen.Path);
        Assert.Contains("exec_command", seen.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_credential_is_not_taken_for_a_relay_that_cannot_compact()
    {
        using var home = new TempHome();
        await using var relay = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 401;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"error":{"message":"invalid api key","type":"invalid_request_error"}}""");
        });
        WriteConfig(home, relay.BaseUrl + "/v1", "responses");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(CompactRequest());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("/v1/responses/compact", Assert.Single(relay.Requests).Path);
    }

    [Fact]
    public async Task A_compaction_turn_the_relay_refuses_is_retried_emulated_and_later_turns_get_the_summary_expanded()
    {
        using var home = new TempHome();
        // A Responses relay that knows no compaction_trigger item: 400, as a strict relay validates its input.
        await using var relay = await StubUpstream.StartAsync(async (ctx, seen) =>
        {
            if (seen.BodyText.Contains("compaction_trigger", StringComparison.Ordinal))
            {
                ctx.Response.StatusCode = 400;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync("""{"error":{"message":"Invalid value: 'compaction_trigger'. Supported values are: 'message', 'function_call'.","type":"invalid_request_error"}}""");
                return;
            }

            var request = JsonNode.Parse(seen.Body)!.AsObject();
            ctx.Response.ContentType = "text/event-stream";
            foreach (var part in ResponsesRelayAnswers.For(RelayTurn.Of("responses", request), stream: true))
            {
                await ctx.Response.WriteAsync(part);
            }
        });
        WriteConfig(home, relay.BaseUrl + "/v1", "responses");
        await using var proxy = await ProxyHarness.StartAsync(home);

        var first = await (await proxy.Client.SendAsync(InlineCompaction())).Content.ReadAsStringAsync();
        var second = await (await proxy.Client.SendAsync(InlineCompaction())).Content.ReadAsStringAsync();

        foreach (var text in new[] { first, second })
        {
            var done = JsonDocument.Parse(text.Split('\n').Last(l => l.StartsWith("data: {\"type\":\"response.completed\"", StringComparison.Ordinal))[6..]).RootElement;
            Assert.Equal(OneProtocolRelay.Answer, Summary(Assert.Single(done.GetProperty("response").GetProperty("output").EnumerateArray())));
        }

        // Refused once (400), retried as the summary request; the second compaction went there at once.
        var bodies = relay.Requests.Select(r => r.BodyText).ToArray();
        Assert.Equal(3, bodies.Length);
        Assert.Contains("compaction_trigger", bodies[0], StringComparison.Ordinal);
        Assert.All(bodies[1..], b => Assert.Contains("Summarise the conversation", b, StringComparison.Ordinal));
        var line = (await proxy.LogLinesAsync(1))[0];
        Assert.Contains(line["translation_dropped"]!.AsArray(), n => n!.GetValue<string>().Contains("HTTP 400 to a compaction in /responses", StringComparison.Ordinal));

        // The next turn carries the emulated item back: the relay, which cannot read it, gets the summary as text.
        var done2 = JsonDocument.Parse(second.Split('\n').Last(l => l.StartsWith("data: {\"type\":\"response.completed\"", StringComparison.Ordinal))[6..]).RootElement;
        var item = done2.GetProperty("response").GetProperty("output")[0];
        var next = new JsonObject
        {
            ["model"] = "gpt-5", ["stream"] = true,
            ["input"] = new JsonArray(JsonNode.Parse(item.GetRawText()), new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "go on" }) }),
        };
        using var turn = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent(next.ToJsonString(), Encoding.UTF8, "application/json") };
        turn.Headers.Accept.ParseAdd("text/event-stream");
        Assert.Contains("response.completed", await (await proxy.Client.SendAsync(turn)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var sent = relay.Requests.Last().BodyText;
        Assert.Contains("Summary of the conversation so far", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(CompactionEmulation.Prefix, sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_that_answers_a_compaction_with_an_ordinary_message_is_asked_again_for_the_emulation_and_remembered()
    {
        using var home = new TempHome();
        // A Responses relay that ignores the compaction_trigger and answers the conversation: no compaction item.
        await using var relay = await OneProtocolRelay.StartAsync("responses");
        WriteConfig(home, relay.BaseUrl, "responses");
        await using var proxy = await ProxyHarness.StartAsync(home);

        var first = await (await proxy.Client.SendAsync(InlineCompaction())).Content.ReadAsStringAsync();
        var second = await (await proxy.Client.SendAsync(InlineCompaction())).Content.ReadAsStringAsync();

        foreach (var text in new[] { first, second })
        {
            Assert.Single(text.Split('\n'), l => l.StartsWith("data: {\"type\":\"response.created\"", StringComparison.Ordinal));
            var done = JsonDocument.Parse(text.Split('\n').Last(l => l.StartsWith("data: {\"type\":\"response.completed\"", StringComparison.Ordinal))[6..]).RootElement;
            Assert.Equal(OneProtocolRelay.Answer, Summary(Assert.Single(done.GetProperty("response").GetProperty("output").EnumerateArray())));
        }

        // The ordinary answer never reached Codex; the same relay was asked for the summary, and the next compaction went there at once.
        var bodies = relay.Turns.Select(t => t.BodyText).ToArray();
        Assert.Equal(3, bodies.Length);
        Assert.Contains("compaction_trigger", bodies[0], StringComparison.Ordinal);
        Assert.All(bodies[1..], b => Assert.Contains("Summarise the conversation", b, StringComparison.Ordinal));
        var lines = await proxy.LogLinesAsync(2);
        Assert.Contains("without a compaction item, retried emulated", lines[0]["attempts"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(lines[1]["translation_dropped"]!.AsArray(), n => n!.GetValue<string>().Contains("answered without a compaction item", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_relay_that_compacts_inside_responses_is_relayed_as_it_is()
    {
        using var home = new TempHome();
        const string item = "{\"type\":\"compaction\",\"encrypted_content\":\"gAAAA-opaque\"}";
        await using var relay = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r1\",\"output\":[]}}\n\n");
            await ctx.Response.WriteAsync("event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":" + item + "}\n\n");
            await ctx.Response.WriteAsync("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r1\",\"output\":[" + item + "]}}\n\n");
        });
        WriteConfig(home, relay.BaseUrl + "/v1", "responses");
        await using var proxy = await ProxyHarness.StartAsync(home);

        var text = await (await proxy.Client.SendAsync(InlineCompaction())).Content.ReadAsStringAsync();

        Assert.Contains("gAAAA-opaque", text, StringComparison.Ordinal);
        Assert.Contains("response.completed", text, StringComparison.Ordinal);
        Assert.Contains("compaction_trigger", Assert.Single(relay.Requests).BodyText, StringComparison.Ordinal);
        Assert.Null((await proxy.LogLinesAsync(1))[0]["translation_dropped"]);
    }
}

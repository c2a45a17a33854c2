using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

/// <summary>
/// The proxy in front of relays that speak exactly one protocol (404 on the others): a client's turn is translated
/// into the relay's protocol, its answer back into the client's, with the key where that protocol reads it, the
/// log naming the protocol and the relay's token counts.
/// </summary>
public class ProxyTranslationTests
{
    private const string Key = "sk-translate-key-4242";

    private static void WriteConfig(TempHome home, ServiceKind kind, params (OneProtocolRelay Relay, bool ApiKey)[] upstreams)
    {
        var config = new HelperConfig();
        var section = config.Section(kind);
        section.Active = "t";
        section.Configs["t"] = new ServiceConfig
        {
            Name = "t",
            Upstreams = upstreams.Select(u => new UpstreamConfig
            {
                BaseUrl = u.Relay.BaseUrl,
                Auth = u.ApiKey ? new UpstreamAuth { ApiKey = Key } : new UpstreamAuth { AuthToken = Key },
                Protocol = u.Relay.Protocol,
            }).ToList(),
        };
        ConfigStore.For(home.Paths).Save(config);
    }

    private static HttpRequestMessage CodexTurn(string text, bool stream = true, string? filterMe = null)
    {
        var body = new JsonObject
        {
            ["model"] = "gpt-5",
            ["stream"] = stream,
            ["instructions"] = "You are Codex.",
            ["input"] = new JsonArray(new JsonObject
            {
                ["type"] = "message", ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = text + (filterMe ?? "") }),
            }),
            ["tools"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "function", ["name"] = "exec_command", ["description"] = "Runs a command",
                    ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["cmd"] = new JsonObject { ["type"] = "string" } }, ["required"] = new JsonArray("cmd") },
                },
                new JsonObject { ["type"] = "web_search", ["external_web_access"] = false }),
            ["tool_choice"] = "auto",
            ["parallel_tool_calls"] = true,
            ["store"] = false,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        request.Headers.Add("OpenAI-Beta", "responses=experimental");
        request.Headers.Add("session_id", "sess-translate-1");
        return request;
    }

    private static HttpRequestMessage ClaudeTurn(string text, bool stream = true)
    {
        var body = new JsonObject
        {
            ["model"] = "claude-sonnet-4-5",
            ["max_tokens"] = 64000,
            ["stream"] = stream,
            ["system"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "You are Claude Code." }),
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }) }),
            ["tools"] = new JsonArray(new JsonObject
            {
                ["name"] = "Bash", ["description"] = "Runs a shell command",
                ["input_schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["command"] = new JsonObject { ["type"] = "string" } }, ["required"] = new JsonArray("command") },
            }),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14");
        request.Headers.Add("x-claude-code-session-id", "sess-translate-2");
        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        return request;
    }

    /// <summary>Every <c>data:</c> JSON of an SSE body, in order.</summary>
    private static List<JsonElement> Events(string sse) =>
        [.. sse.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[6..]).RootElement.Clone())];

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    [Fact]
    public async Task Codex_on_a_chat_only_relay_gets_a_responses_stream_with_the_relays_usage()
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        WriteConfig(home, ServiceKind.Codex, (relay, false));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(CodexTurn("say hi"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = Events(text);
        Assert.Equal("response.created", Type(events[0]));
        Assert.Equal(OneProtocolRelay.Answer, string.Concat(events.Where(e => Type(e) == "response.output_text.delta").Select(e => e.GetProperty("delta").GetString())));
        var completed = Assert.Single(events, e => Type(e) == "response.completed");
        Assert.Equal(OneProtocolRelay.InputTokens, completed.GetProperty("response").GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(OneProtocolRelay.CachedTokens, completed.GetProperty("response").GetProperty("usage").GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32());

        var seen = Assert.Single(relay.Turns);
        Assert.Equal("Bearer " + Key, seen.Header("authorization"));
        Assert.Null(seen.Header("openai-beta"));
        var sent = JsonNode.Parse(seen.Body)!;
        Assert.Equal("gpt-5", sent["model"]!.GetValue<string>());
        Assert.True(sent["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.Equal("system", sent["messages"]![0]!["role"]!.GetValue<string>());
        Assert.DoesNotContain("web_search", seen.BodyText, StringComparison.Ordinal);

        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("chat", log["upstream_protocol"]!.GetValue<string>());
        Assert.Equal(OneProtocolRelay.InputTokens, log["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal(OneProtocolRelay.CachedTokens, log["usage"]!["cached_input_tokens"]!.GetValue<long>());
        Assert.Equal(OneProtocolRelay.OutputTokens, log["usage"]!["output_tokens"]!.GetValue<long>());
        Assert.Contains(log["translation_dropped"]!.AsArray(), d => d!.GetValue<string>().Contains("web_search", StringComparison.Ordinal));
        Assert.Equal("sess-translate-1", log["session_id"]!.GetValue<string>());
        Assert.NotNull(log["cost_usd"]);
        Assert.DoesNotContain(Key, proxy.RequestLogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Codex_tool_call_through_a_chat_relay_comes_back_as_a_function_call_and_its_output_reaches_the_relay()
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        WriteConfig(home, ServiceKind.Codex, (relay, false));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var first = await proxy.Client.SendAsync(CodexTurn(OneProtocolRelay.ToolPrompt));
        var events = Events(await first.Content.ReadAsStringAsync());
        var call = events.Where(e => Type(e) == "response.output_item.done").Select(e => e.GetProperty("item")).Single(i => i.GetProperty("type").GetString() == "function_call");
        Assert.Equal("exec_command", call.GetProperty("name").GetString());
        Assert.Equal(OneProtocolRelay.ToolCommand, JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement.GetProperty("cmd").GetString());
        var callId = call.GetProperty("call_id").GetString()!;

        // The next turn, as Codex sends it: the call and its output appended to the input.
        var body = JsonNode.Parse(await CodexTurn(OneProtocolRelay.ToolPrompt).Content!.ReadAsStringAsync())!;
        body["input"]!.AsArray().Add(new JsonObject { ["type"] = "function_call", ["call_id"] = callId, ["name"] = "exec_command", ["arguments"] = call.GetProperty("arguments").GetString() });
        body["input"]!.AsArray().Add(new JsonObject { ["type"] = "function_call_output", ["call_id"] = callId, ["output"] = "Process exited with code 0\nOutput:\ntool-ran-ok\n" });
        using var second = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        second.Headers.Accept.ParseAdd("text/event-stream");
        var text = await (await proxy.Client.SendAsync(second)).Content.ReadAsStringAsync();

        Assert.Contains(OneProtocolRelay.ToolSeen, string.Concat(Events(text).Where(e => Type(e) == "response.output_text.delta").Select(e => e.GetProperty("delta").GetString())), StringComparison.Ordinal);
        var toolMessage = JsonNode.Parse(relay.Turns.Last().Body)!["messages"]!.AsArray().Last()!;
        Assert.Equal("tool", toolMessage["role"]!.GetValue<string>());
        Assert.Equal(callId, toolMessage["tool_call_id"]!.GetValue<string>());
        Assert.Contains("tool-ran-ok", toolMessage["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claude_code_on_a_chat_only_relay_gets_an_anthropic_stream_and_its_api_key_goes_as_bearer()
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        WriteConfig(home, ServiceKind.Claude, (relay, true));
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var response = await proxy.Client.SendAsync(ClaudeTurn("say hi"));
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message_start", Type(events[0]));
        Assert.Equal("message_stop", Type(events[^1]));
        Assert.Equal(OneProtocolRelay.Answer, string.Concat(events.Where(e => Type(e) == "content_block_delta").Select(e => e.GetProperty("delta").GetProperty("text").GetString())));
        var delta = Assert.Single(events, e => Type(e) == "message_delta");
        Assert.Equal("end_turn", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(OneProtocolRelay.OutputTokens, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());

        var seen = Assert.Single(relay.Turns);
        Assert.Equal("Bearer " + Key, seen.Header("authorization"));
        Assert.Null(seen.Header("x-api-key"));
        Assert.Null(seen.Header("anthropic-beta"));
        Assert.Null(seen.Header("anthropic-version"));
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("chat", log["upstream_protocol"]!.GetValue<string>());
        Assert.Equal(OneProtocolRelay.InputTokens, log["usage"]!["input_tokens"]!.GetValue<long>());
        Assert.Equal("sess-translate-2", log["session_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Claude_code_tool_use_through_a_chat_relay_streams_the_input_as_json_deltas()
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        WriteConfig(home, ServiceKind.Claude, (relay, false));
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        var events = Events(await (await proxy.Client.SendAsync(ClaudeTurn(OneProtocolRelay.ToolPrompt))).Content.ReadAsStringAsync());

        var start = Assert.Single(events, e => Type(e) == "content_block_start" && e.GetProperty("content_block").GetProperty("type").GetString() == "tool_use");
        Assert.Equal("Bash", start.GetProperty("content_block").GetProperty("name").GetString());
        var input = string.Concat(events.Where(e => Type(e) == "content_block_delta" && e.GetProperty("delta").GetProperty("type").GetString() == "input_json_delta")
            .Select(e => e.GetProperty("delta").GetProperty("partial_json").GetString()));
        Assert.Equal(OneProtocolRelay.ToolCommand, JsonDocument.Parse(input).RootElement.GetProperty("command").GetString());
        Assert.Equal("tool_use", Assert.Single(events, e => Type(e) == "message_delta").GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task A_relay_error_reaches_the_client_in_its_own_shape_with_the_relays_message()
    {
        using var home = new TempHome();
        await using var relay = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            ctx.Response.StatusCode = 400;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"error":{"message":"This model's maximum context length is 8192 tokens","type":"invalid_request_error","code":"context_length_exceeded"}}""");
        });
        TestConfig.WriteRaw(home, "{\"version\":1,\"claude\":{\"active\":\"t\",\"configs\":{\"t\":{\"name\":\"t\",\"upstreams\":[{\"base_url\":\"" + relay.BaseUrl + "/v1\",\"auth\":{\"auth_token\":\"" + Key + "\"},\"protocol\":\"chat\"}]}}}}");
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);

        using var response = await proxy.Client.SendAsync(ClaudeTurn("say hi"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Contains("maximum context length", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failover_crosses_protocols_inside_one_config()
    {
        using var home = new TempHome();
        await using var broken = await StubUpstream.JsonAsync(503, """{"error":{"message":"responses relay is down"}}""");
        await using var chat = await OneProtocolRelay.StartAsync("chat");
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"t\",\"configs\":{\"t\":{\"name\":\"t\",\"upstreams\":["
            + "{\"base_url\":\"" + broken.BaseUrl + "/v1\",\"auth\":{\"auth_token\":\"" + Key + "\"}},"
            + "{\"base_url\":\"" + chat.BaseUrl + "\",\"auth\":{\"auth_token\":\"" + Key + "\"},\"protocol\":\"chat\"}]}}}}");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(CodexTurn("say hi"));
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Contains(events, e => Type(e) == "response.completed");
        Assert.Equal("/v1/responses", Assert.Single(broken.Requests).Path);
        Assert.Single(chat.Turns);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal("chat", log["upstream_protocol"]!.GetValue<string>());
        Assert.Equal(2, log["attempts"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_filter_runs_on_the_clients_body_before_translation()
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        WriteConfig(home, ServiceKind.Codex, (relay, false));
        File.WriteAllText(home.Paths.FilterJson, """[{"op":"replace","source":"acme-internal.example","target":"[REDACTED]"}]""");
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(CodexTurn("say hi about ", filterMe: "acme-internal.example"));
        await response.Content.ReadAsStringAsync();

        var seen = Assert.Single(relay.Turns);
        Assert.DoesNotContain("acme-internal.example", seen.BodyText, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", seen.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_without_the_clients_endpoint_is_named_with_the_protocol_it_speaks()
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        TestConfig.Write(home, ServiceKind.Codex, "t", (relay.BaseUrl, Key, null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        using var response = await proxy.Client.SendAsync(CodexTurn("say hi"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("response.failed", text, StringComparison.Ordinal);
        Assert.Contains("serves OpenAI Chat Completions, not OpenAI Responses", text, StringComparison.Ordinal);
        Assert.Contains("\\\"protocol\\\": \\\"chat\\\"", text, StringComparison.Ordinal);
        Assert.Contains("Invalid URL", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_tokens_for_a_relay_of_another_protocol_is_estimated_locally_and_logged_as_such()
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        WriteConfig(home, ServiceKind.Claude, (relay, false));
        await using var proxy = await ProxyHarness.StartAsync(home, ServiceKind.Claude);
        var text = string.Concat(Enumerable.Repeat("count these words please ", 40));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages/count_tokens?beta=true")
        {
            Content = new StringContent($$"""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"{{text}}"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await proxy.Client.SendAsync(request);
        var tokens = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("input_tokens").GetInt64();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // About one token per four bytes of text: more than the words, fewer than the bytes.
        Assert.InRange(tokens, 40 * 4, text.Length);
        Assert.Empty(relay.Requests);
        var log = (await proxy.LogLinesAsync(1))[0];
        Assert.Equal(200, log["status_code"]!.GetValue<int>());
        Assert.Contains("estimate", log["translation_dropped"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claude", "chat")]
    [InlineData("claude", "responses")]
    [InlineData("codex", "chat")]
    [InlineData("codex", "anthropic")]
    public async Task An_upstreams_translation_settings_cap_the_output_and_leave_reasoning_out(string client, string protocol)
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync(protocol);
        var section = client == "claude" ? "claude" : "codex";
        TestConfig.WriteRaw(home, "{\"version\":1,\"" + section + "\":{\"active\":\"t\",\"configs\":{\"t\":{\"name\":\"t\",\"upstreams\":[{\"base_url\":\"" + relay.BaseUrl
            + "\",\"auth\":{\"auth_token\":\"" + Key + "\"},\"protocol\":\"" + protocol + "\",\"translation\":{\"max_output_tokens\":8192,\"reasoning\":false}}]}}}}");
        await using var proxy = await ProxyHarness.StartAsync(home, client == "claude" ? ServiceKind.Claude : ServiceKind.Codex);
        using var turn = client == "claude" ? ClaudeTurn("say hi") : CodexTurn("say hi");
        if (client == "claude")
        {
            // Claude Code's own shape: 64000 output tokens and adaptive thinking.
            var body = JsonNode.Parse(await turn.Content!.ReadAsStringAsync())!;
            body["thinking"] = new JsonObject { ["type"] = "adaptive" };
            turn.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        else
        {
            var body = JsonNode.Parse(await turn.Content!.ReadAsStringAsync())!;
            body["reasoning"] = new JsonObject { ["effort"] = "high", ["summary"] = "auto" };
            turn.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await proxy.Client.SendAsync(turn);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();

        var sent = JsonNode.Parse(Assert.Single(relay.Turns).Body)!.AsObject();
        var cap = sent["max_tokens"] ?? sent["max_output_tokens"] ?? sent["max_completion_tokens"];
        Assert.Equal(8192, cap!.GetValue<int>());
        Assert.False(sent.ContainsKey("reasoning_effort"));
        Assert.False(sent.ContainsKey("thinking"));
        Assert.False(sent.ContainsKey("reasoning"));
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("anthropic")]
    [InlineData("responses")]
    public async Task Codex_compaction_through_a_relay_that_cannot_compact_is_emulated_and_expanded_on_the_next_turn(string protocol)
    {
        using var home = new TempHome();
        await using var relay = await OneProtocolRelay.StartAsync(protocol);
        // A Responses relay without compaction support is told so with "compaction": "emulate"; translated ones always are.
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"t\",\"configs\":{\"t\":{\"name\":\"t\",\"upstreams\":[{\"base_url\":\"" + relay.BaseUrl
            + "\",\"auth\":{\"auth_token\":\"" + Key + "\"},\"protocol\":\"" + protocol + "\"" + (protocol == "responses" ? ",\"compaction\":\"emulate\"" : "") + "}]}}}}");
        await using var proxy = await ProxyHarness.StartAsync(home);

        // Codex's remote compaction v2: the history, then a compaction_trigger item; tools as in any turn.
        var body = JsonNode.Parse(await CodexTurn("say hi").Content!.ReadAsStringAsync())!;
        body["input"]!.AsArray().Add(new JsonObject { ["type"] = "message", ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = "hi there" }) });
        body["input"]!.AsArray().Add(new JsonObject { ["type"] = "compaction_trigger" });
        using var compact = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        compact.Headers.Accept.ParseAdd("text/event-stream");
        var events = Events(await (await proxy.Client.SendAsync(compact)).Content.ReadAsStringAsync());

        var done = Assert.Single(events, e => Type(e) == "response.completed");
        var item = Assert.Single(done.GetProperty("response").GetProperty("output").EnumerateArray());
        Assert.Equal("compaction", item.GetProperty("type").GetString());
        var encrypted = item.GetProperty("encrypted_content").GetString()!;
        var asked = JsonNode.Parse(Assert.Single(relay.Turns).Body)!;
        Assert.Null(asked["tools"]);
        Assert.Contains("Summarise the conversation", asked.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("compaction_trigger", asked.ToJsonString(), StringComparison.Ordinal);

        // The next turn carries the compaction item instead of the history: the relay gets the summary as text.
        var next = JsonNode.Parse(await CodexTurn("and now?").Content!.ReadAsStringAsync())!;
        next["input"]!.AsArray().Insert(0, new JsonObject { ["type"] = "compaction", ["encrypted_content"] = encrypted });
        using var turn = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent(next.ToJsonString(), Encoding.UTF8, "application/json") };
        turn.Headers.Accept.ParseAdd("text/event-stream");
        var answer = Events(await (await proxy.Client.SendAsync(turn)).Content.ReadAsStringAsync());

        Assert.Contains(answer, e => Type(e) == "response.completed");
        var sent = relay.Turns.Last().BodyText;
        Assert.Contains("Summary of the conversation so far", sent, StringComparison.Ordinal);
        Assert.Contains(OneProtocolRelay.Answer, sent, StringComparison.Ordinal);
        Assert.DoesNotContain(CodexHelper.Translation.ResponsesClient.CompactionEmulation.Prefix, sent, StringComparison.Ordinal);
    }
}

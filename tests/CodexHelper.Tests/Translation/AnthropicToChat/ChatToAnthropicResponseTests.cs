using System.Buffers;
using System.Text;
using System.Text.Json;
using CodexHelper.Translation;
using CodexHelper.Translation.AnthropicClient;
using CodexHelper.Translation.AnthropicToChat;

namespace CodexHelper.Tests.Translation.AnthropicToChat;

public sealed class ChatToAnthropicResponseTests
{
    private static readonly string LongName = "mcp__" + new string('s', 40) + "__" + new string('t', 40);

    private static ChatToAnthropicResponse Make(bool streams = true)
    {
        var names = new ToolNameMap();
        names.Add(new ClientTool("Bash", null, ClientToolKind.Function));
        names.Add(new ClientTool(LongName, null, ClientToolKind.Function));
        return new ChatToAnthropicResponse(new AnthropicAnswer("msg_t1", "deepseek-chat", streams), names);
    }

    private static string Sse(params string[] chunks) => string.Concat(chunks.Select(c => "data: " + c + "\n\n"));

    private static string Chunk(string delta, string finish = "null") =>
        $$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"deepseek-chat","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finish}}}]}""";

    private const string Usage = """{"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":80,"total_tokens":1280,"prompt_tokens_details":{"cached_tokens":1000}}}""";

    private static List<(string Name, JsonElement Data)> Run(string upstream) => SseOutput.NamedEvents(TranslatorRun.FeedAll(() => Make(), upstream));

    [Fact]
    public void Text_with_usage_after_the_finish_gives_the_event_sequence_with_usage_in_message_delta()
    {
        var events = Run(Sse(
            Chunk("""{"role":"assistant","content":""}"""),
            Chunk("""{"content":"Hé"}"""),
            Chunk("""{"content":"llo 👋"}"""),
            Chunk("{}", "\"stop\""),
            Usage,
            "[DONE]"));

        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Name));
        Assert.Equal("msg_t1", events[0].Data.GetProperty("message").GetProperty("id").GetString());
        Assert.Equal("deepseek-chat", events[0].Data.GetProperty("message").GetProperty("model").GetString());
        Assert.Equal("text", events[2].Data.GetProperty("content_block").GetProperty("type").GetString());
        Assert.Equal("Héllo 👋", string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta").GetProperty("text").GetString())));
        var delta = events[6].Data;
        Assert.Equal("end_turn", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        var usage = delta.GetProperty("usage");
        Assert.Equal(200, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(80, usage.GetProperty("output_tokens").GetInt64());
        Assert.Equal(1000, usage.GetProperty("cache_read_input_tokens").GetInt64());
    }

    [Fact]
    public void The_message_delta_waits_for_the_usage_chunk_after_the_finish()
    {
        var translator = Make();
        var client = new ArrayBufferWriter<byte>();
        translator.Feed(Encoding.UTF8.GetBytes(Sse(Chunk("""{"content":"hi"}"""), Chunk("{}", "\"stop\""))), client);
        var names = SseOutput.Names(client.WrittenSpan.ToArray());
        Assert.Equal("content_block_stop", names[^1]);
        Assert.DoesNotContain("message_delta", names);

        translator.Feed(Encoding.UTF8.GetBytes(Sse(Usage)), client);
        names = SseOutput.Names(client.WrittenSpan.ToArray());
        Assert.Equal(["message_delta", "message_stop"], names[^2..]);

        var before = client.WrittenCount;
        translator.Feed(Encoding.UTF8.GetBytes(Sse("[DONE]")), client);
        translator.Finish(client);
        Assert.Equal(before, client.WrittenCount);
    }

    [Fact]
    public void Reasoning_content_becomes_a_thinking_block_without_a_signature_before_the_text()
    {
        var events = Run(Sse(
            Chunk("""{"role":"assistant","content":null,"reasoning_content":"Think"}"""),
            Chunk("""{"reasoning_content":"ing."}"""),
            Chunk("""{"content":"Answer"}""", "\"stop\""),
            "[DONE]"));

        Assert.Equal("thinking", events[2].Data.GetProperty("content_block").GetProperty("type").GetString());
        Assert.Equal(0, events[2].Data.GetProperty("index").GetInt32());
        Assert.Equal("Thinking.", string.Concat(events.Where(e => e.Name == "content_block_delta" && e.Data.GetProperty("index").GetInt32() == 0).Select(e => e.Data.GetProperty("delta").GetProperty("thinking").GetString())));
        Assert.DoesNotContain(events, e => e.Name == "content_block_delta" && e.Data.GetProperty("delta").GetProperty("type").GetString() == "signature_delta");
        var text = events.Single(e => e.Name == "content_block_start" && e.Data.GetProperty("index").GetInt32() == 1);
        Assert.Equal("text", text.Data.GetProperty("content_block").GetProperty("type").GetString());
        // [DONE] with no usage chunk: zero usage.
        Assert.Equal(0, events[^2].Data.GetProperty("usage").GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public void Tool_call_arguments_split_over_chunks_and_parallel_calls_become_tool_use_blocks_with_names_mapped_back()
    {
        var shortName = new ToolNameMap().Add(new ClientTool(LongName, null, ClientToolKind.Function));
        var events = Run(Sse(
            Chunk("""{"content":"Running."}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"Bash","arguments":""}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"","function":{"arguments":"{\"comm"}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"and\":\"ls\"}"}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"NAME","arguments":"{\"q\":"}}]}""".Replace("NAME", shortName, StringComparison.Ordinal)),
            Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":"1}"}}]}"""),
            Chunk("{}", "\"stop\""),
            Usage,
            "[DONE]"));

        var blocks = Blocks(events);
        Assert.Equal(3, blocks.Count);
        Assert.Equal(("tool_use", "call_a", "Bash", "{\"command\":\"ls\"}"), (blocks[1].Type, blocks[1].Id, blocks[1].Name, blocks[1].Json));
        Assert.Equal(("tool_use", "call_b", LongName, "{\"q\":1}"), (blocks[2].Type, blocks[2].Id, blocks[2].Name, blocks[2].Json));
        // finish_reason "stop" with tool calls still runs the tools.
        Assert.Equal("tool_use", events.Single(e => e.Name == "message_delta").Data.GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void Interleaved_parallel_calls_still_give_each_tool_its_whole_input()
    {
        var events = Run(Sse(
            Chunk("""{"tool_calls":[{"index":0,"id":"call_a","function":{"name":"Bash","arguments":""}},{"index":1,"id":"call_b","function":{"name":"Bash","arguments":""}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"command\":"}},{"index":1,"function":{"arguments":"{\"command\":"}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":"\"pwd\"}"}},{"index":0,"function":{"arguments":"\"ls\"}"}}]}"""),
            Chunk("{}", "\"tool_calls\""),
            "[DONE]"));

        var blocks = Blocks(events);
        Assert.Equal([("call_a", "{\"command\":\"ls\"}"), ("call_b", "{\"command\":\"pwd\"}")], blocks.Select(b => (b.Id, b.Json)));
    }

    [Fact]
    public void Calls_without_an_index_are_told_apart_by_their_ids()
    {
        var events = Run(Sse(
            Chunk("""{"tool_calls":[{"id":"call_a","type":"function","function":{"name":"Bash","arguments":"{\"command\":\"ls\"}"}}]}"""),
            Chunk("""{"tool_calls":[{"id":"call_b","type":"function","function":{"name":"Bash","arguments":"{\"command\":\"pwd\"}"}}]}"""),
            Chunk("{}", "\"tool_calls\""),
            "[DONE]"));
        Assert.Equal([("call_a", "{\"command\":\"ls\"}"), ("call_b", "{\"command\":\"pwd\"}")], Blocks(events).Select(b => (b.Id, b.Json)));
    }

    [Fact]
    public void A_call_with_no_arguments_gets_an_empty_object()
    {
        var events = Run(Sse(
            Chunk("""{"tool_calls":[{"index":0,"id":"call_z","function":{"name":"TaskList","arguments":""}}]}"""),
            Chunk("{}", "\"tool_calls\""),
            "[DONE]"));
        Assert.Equal("{}", Blocks(events).Single().Json);
    }

    [Fact]
    public void A_stream_that_ends_after_its_finish_without_done_still_completes()
    {
        var events = Run(Sse(Chunk("""{"content":"ok"}"""), Chunk("{}", "\"length\"")));
        Assert.Equal(["message_delta", "message_stop"], events.Select(e => e.Name).ToArray()[^2..]);
        Assert.Equal("max_tokens", events[^2].Data.GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void A_last_chunk_without_its_blank_line_is_still_read()
    {
        var upstream = Sse(Chunk("""{"content":"ok"}""")) + "data: " + Chunk("{}", "\"stop\"");
        var events = Run(upstream);
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Fact]
    public void A_stream_that_breaks_off_before_the_finish_ends_with_an_error_event()
    {
        var events = Run(Sse(Chunk("""{"content":"partial"}""")));
        Assert.Equal("error", events[^1].Name);
        Assert.DoesNotContain(events, e => e.Name == "message_stop");
        Assert.Equal("api_error", events[^1].Data.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public void An_error_chunk_mid_stream_becomes_an_error_event_with_the_relays_message()
    {
        var events = Run(Sse(
            Chunk("""{"content":"partial"}"""),
            """{"error":{"message":"Rate limit reached for deepseek-chat","type":"requests","code":"rate_limit_exceeded"}}""",
            Chunk("""{"content":"ignored"}"""),
            "[DONE]"));
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "error"], events.Select(e => e.Name));
        var error = events[^1].Data.GetProperty("error");
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("Rate limit reached for deepseek-chat", error.GetProperty("message").GetString());
    }

    [Fact]
    public void An_error_as_the_first_chunk_is_the_error_event_alone()
    {
        var events = Run(Sse("""{"error":{"message":"model overloaded","type":"server_is_overloaded"}}"""));
        Assert.Equal(["error"], events.Select(e => e.Name));
        Assert.Equal("overloaded_error", events[0].Data.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public void A_client_that_did_not_stream_gets_one_message_even_from_a_streaming_upstream()
    {
        var body = SseOutput.Json(TranslatorRun.FeedAll(() => Make(streams: false), Sse(
            Chunk("""{"reasoning_content":"hm"}"""),
            Chunk("""{"content":"Hi"}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"call_a","function":{"name":"Bash","arguments":"{\"command\":\"ls\"}"}}]}"""),
            Chunk("{}", "\"tool_calls\""),
            Usage,
            "[DONE]")));
        Assert.Equal("application/json", Make(streams: false).ClientContentType);
        Assert.Equal(["thinking", "text", "tool_use"], body.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("ls", body.GetProperty("content")[2].GetProperty("input").GetProperty("command").GetString());
        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
        Assert.Equal(200, body.GetProperty("usage").GetProperty("input_tokens").GetInt64());
    }

    private const string Completion = """
        {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"deepseek-chat",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Let me run it.","reasoning_content":"Plan.",
           "tool_calls":[{"id":"call_q","type":"function","function":{"name":"Bash","arguments":"{\"command\":\"ls\"}"}},
                         {"id":"call_r","type":"function","function":{"name":"Bash","arguments":"not json"}}]},"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":50,"completion_tokens":9,"total_tokens":59,"prompt_tokens_details":{"cached_tokens":10}}}
        """;

    [Fact]
    public void A_whole_completion_becomes_the_anthropic_message()
    {
        var client = new ArrayBufferWriter<byte>();
        Make(streams: false).TranslateBody(Encoding.UTF8.GetBytes(Completion), client);
        var body = SseOutput.Json(client.WrittenSpan.ToArray());
        Assert.Equal("msg_t1", body.GetProperty("id").GetString());
        var content = body.GetProperty("content");
        Assert.Equal(["thinking", "text", "tool_use", "tool_use"], content.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("Plan.", content[0].GetProperty("thinking").GetString());
        Assert.Equal("ls", content[2].GetProperty("input").GetProperty("command").GetString());
        Assert.Empty(content[3].GetProperty("input").EnumerateObject());
        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
        Assert.Equal(40, body.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(10, body.GetProperty("usage").GetProperty("cache_read_input_tokens").GetInt64());
    }

    [Fact]
    public void A_whole_completion_for_a_streaming_client_becomes_the_event_stream()
    {
        var client = new ArrayBufferWriter<byte>();
        Make().TranslateBody(Encoding.UTF8.GetBytes(Completion), client);
        var events = SseOutput.NamedEvents(client.WrittenSpan.ToArray());
        Assert.Equal(40, events[0].Data.GetProperty("message").GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(["thinking", "text", "tool_use", "tool_use"], Blocks(events).Select(b => b.Type));
        Assert.Equal("{}", Blocks(events)[3].Json);
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Theory]
    [InlineData(400, """{"error":{"message":"Invalid 'messages[3].tool_calls'","type":"invalid_request_error"}}""", "invalid_request_error", "Invalid 'messages[3].tool_calls'")]
    [InlineData(502, "<html>Bad gateway</html>", "api_error", "<html>Bad gateway</html>")]
    public void Errors_are_anthropics_error_body(int status, string upstream, string type, string message)
    {
        var client = new ArrayBufferWriter<byte>();
        Make().TranslateError(status, Encoding.UTF8.GetBytes(upstream), client);
        var body = SseOutput.Json(client.WrittenSpan.ToArray());
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal(type, body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(message, body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void The_request_and_the_answer_go_together_through_TranslateRequest()
    {
        var request = new AnthropicToChatTranslation().TranslateRequest(ClaudeBodies.FirstTurn);
        var client = new ArrayBufferWriter<byte>();
        request.Response.Feed(Encoding.UTF8.GetBytes(Sse(Chunk("""{"content":"tool-ran-ok"}""", "\"stop\""), "[DONE]")), client);
        request.Response.Finish(client);
        var events = SseOutput.NamedEvents(client.WrittenSpan.ToArray());
        Assert.StartsWith("msg_", events[0].Data.GetProperty("message").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("claude-opus-4-8", events[0].Data.GetProperty("message").GetProperty("model").GetString());
        Assert.Equal("message_stop", events[^1].Name);
    }

    internal static List<(string Type, string? Id, string? Name, string Json)> Blocks(List<(string Name, JsonElement Data)> events)
    {
        var blocks = new List<(string Type, string? Id, string? Name, string Json)>();
        var open = -1;
        foreach (var (name, data) in events)
        {
            if (name == "content_block_start")
            {
                var index = data.GetProperty("index").GetInt32();
                Assert.Equal(blocks.Count, index);
                Assert.Equal(-1, open);
                open = index;
                var block = data.GetProperty("content_block");
                var type = block.GetProperty("type").GetString()!;
                blocks.Add((type, type == "tool_use" ? block.GetProperty("id").GetString() : null, type == "tool_use" ? block.GetProperty("name").GetString() : null, ""));
            }
            else if (name == "content_block_delta")
            {
                Assert.Equal(open, data.GetProperty("index").GetInt32());
                var delta = data.GetProperty("delta");
                if (delta.GetProperty("type").GetString() == "input_json_delta")
                {
                    blocks[open] = blocks[open] with { Json = blocks[open].Json + delta.GetProperty("partial_json").GetString() };
                }
            }
            else if (name == "content_block_stop")
            {
                Assert.Equal(open, data.GetProperty("index").GetInt32());
                open = -1;
            }
        }

        Assert.Equal(-1, open);
        return blocks;
    }
}

using System.Text;
using System.Text.Json;
using CodexHelper.Translation;
using CodexHelper.Translation.ResponsesToAnthropic;

namespace CodexHelper.Tests.Translation.ResponsesToAnthropic;

public sealed class AnthropicToResponsesTests
{
    private static IResponseTranslator Translator(bool stream = true) =>
        new ResponsesToAnthropicTranslation(null, new FixedClock(1700000000))
            .TranslateRequest(Encoding.UTF8.GetBytes($$$"""
                {"model":"claude-sonnet-4-5","stream":{{{(stream ? "true" : "false")}}},"input":"hi",
                 "tools":[{"type":"function","name":"exec_command","parameters":{"type":"object"}},
                          {"type":"custom","name":"apply_patch"},
                          {"type":"namespace","name":"multi_agent_v1","tools":[{"type":"function","name":"close_agent"}]}]}
                """))
            .Response;

    private static string Ev(string name, string data) => $"event: {name}\ndata: {data}\n\n";

    private static readonly string ThinkingTextTools = string.Concat(
        Ev("message_start", """{"type":"message_start","message":{"id":"msg_01A","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":3000,"output_tokens":1}}}"""),
        Ev("ping", """{"type":"ping"}"""),
        Ev("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Look at "}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"files."}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCkgIsig"}}"""),
        Ev("content_block_stop", """{"type":"content_block_stop","index":0}"""),
        Ev("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Running — "}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"ls"}}"""),
        Ev("content_block_stop", """{"type":"content_block_stop","index":1}"""),
        Ev("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01","name":"exec_command","input":{}}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"cmd\": \"l"}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"s\"}"}}"""),
        Ev("content_block_stop", """{"type":"content_block_stop","index":2}"""),
        Ev("content_block_start", """{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_02","name":"apply_patch","input":{}}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\"input\": \"*** Begin Patch\\n*** End Patch\"}"}}"""),
        Ev("content_block_stop", """{"type":"content_block_stop","index":3}"""),
        Ev("content_block_start", """{"type":"content_block_start","index":4,"content_block":{"type":"tool_use","id":"toolu_03","name":"multi_agent_v1__close_agent","input":{}}}"""),
        Ev("content_block_stop", """{"type":"content_block_stop","index":4}"""),
        Ev("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":88}}"""),
        Ev("message_stop", """{"type":"message_stop"}"""));

    [Fact]
    public void Thinking_text_and_tool_blocks_become_codex_items_with_usage()
    {
        var events = SseOutput.Events(TranslatorRun.Stream(Translator(), ThinkingTextTools, 1 << 20));
        SseOutput.AssertSequenced(events);
        Assert.Equal("response.created", events[0].GetProperty("type").GetString());
        Assert.Equal("resp_msg_01A", events[0].GetProperty("response").GetProperty("id").GetString());
        var done = events.FindAll(e => e.GetProperty("type").GetString() == "response.output_item.done").ConvertAll(e => e.GetProperty("item"));
        Assert.Equal(["reasoning", "message", "function_call", "custom_tool_call", "function_call"], done.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("Look at files.", done[0].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal("EqQBCkgIsig", done[0].GetProperty("encrypted_content").GetString());
        Assert.Equal("Running — ls", done[1].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("toolu_01", done[2].GetProperty("call_id").GetString());
        Assert.Equal("{\"cmd\": \"ls\"}", done[2].GetProperty("arguments").GetString());
        Assert.Equal("*** Begin Patch\n*** End Patch", done[3].GetProperty("input").GetString());
        Assert.Equal("close_agent", done[4].GetProperty("name").GetString());
        Assert.Equal("multi_agent_v1", done[4].GetProperty("namespace").GetString());
        Assert.Equal("{}", done[4].GetProperty("arguments").GetString());

        var completed = events[^1];
        Assert.Equal("response.completed", completed.GetProperty("type").GetString());
        var usage = completed.GetProperty("response").GetProperty("usage");
        Assert.Equal(3112, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(3000, usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64());
        Assert.Equal(88, usage.GetProperty("output_tokens").GetInt64());
        Assert.Equal(3200, usage.GetProperty("total_tokens").GetInt64());
        Assert.Equal(0, usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt64());
        Assert.Equal(5, completed.GetProperty("response").GetProperty("output").GetArrayLength());
    }

    [Fact]
    public void Every_chunking_gives_the_same_client_bytes()
    {
        var whole = TranslatorRun.Stream(Translator(), ThinkingTextTools, 1 << 20);
        Assert.Equal(whole, TranslatorRun.Stream(Translator(), ThinkingTextTools, 1));
        Assert.Equal(whole, TranslatorRun.Stream(Translator(), ThinkingTextTools.Replace("\n", "\r\n", StringComparison.Ordinal), 5));
        for (var seed = 0; seed < 20; seed++)
        {
            Assert.Equal(whole, TranslatorRun.StreamRandomly(Translator(), ThinkingTextTools, seed));
        }
    }

    [Fact]
    public void Max_tokens_is_incomplete()
    {
        var stream = string.Concat(
            Ev("message_start", """{"type":"message_start","message":{"id":"m2","usage":{"input_tokens":5,"output_tokens":0}}}"""),
            Ev("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            Ev("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut"}}"""),
            Ev("message_delta", """{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":9}}"""),
            Ev("message_stop", """{"type":"message_stop"}"""));
        var last = SseOutput.Events(TranslatorRun.Stream(Translator(), stream, 13))[^1].GetProperty("response");
        Assert.Equal("incomplete", last.GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", last.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("incomplete", last.GetProperty("output")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void An_error_event_fails_with_the_relay_message()
    {
        var stream = string.Concat(
            Ev("message_start", """{"type":"message_start","message":{"id":"m3","usage":{"input_tokens":5}}}"""),
            Ev("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));
        var events = SseOutput.Events(TranslatorRun.Stream(Translator(), stream, 3));
        var error = events[^1].GetProperty("response").GetProperty("error");
        Assert.Equal("response.failed", events[^1].GetProperty("type").GetString());
        Assert.Equal("server_error", error.GetProperty("code").GetString());
        Assert.Equal("Overloaded", error.GetProperty("message").GetString());
    }

    [Fact]
    public void A_stream_ending_before_message_stop_fails_unless_the_stop_reason_came()
    {
        var head = string.Concat(
            Ev("message_start", """{"type":"message_start","message":{"id":"m4","usage":{"input_tokens":5}}}"""),
            Ev("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"a"}}"""));
        Assert.Equal("response.failed", SseOutput.Events(TranslatorRun.Stream(Translator(), head, 4))[^1].GetProperty("type").GetString());
        var withStop = head + Ev("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}""");
        Assert.Equal("response.completed", SseOutput.Events(TranslatorRun.Stream(Translator(), withStop, 4))[^1].GetProperty("type").GetString());
    }

    [Fact]
    public void A_whole_message_becomes_the_responses_body()
    {
        const string message = """
            {"id":"msg_B","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"thinking","thinking":"hmm","signature":"SIG"},{"type":"text","text":"Patch:"},
                        {"type":"tool_use","id":"toolu_9","name":"apply_patch","input":{"input":"*** Begin Patch\n*** End Patch"}}],
             "stop_reason":"tool_use","usage":{"input_tokens":10,"cache_read_input_tokens":20,"output_tokens":5}}
            """;
        using var doc = JsonDocument.Parse(TranslatorRun.Body(Translator(stream: false), message));
        var root = doc.RootElement;
        Assert.Equal("resp_msg_B", root.GetProperty("id").GetString());
        var output = root.GetProperty("output");
        Assert.Equal(["reasoning", "message", "custom_tool_call"], output.EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("SIG", output[0].GetProperty("encrypted_content").GetString());
        Assert.Equal("*** Begin Patch\n*** End Patch", output[2].GetProperty("input").GetString());
        Assert.Equal(30, root.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(20, root.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64());
    }

    [Fact]
    public void A_whole_message_for_a_streaming_client_becomes_events()
    {
        var events = SseOutput.Events(TranslatorRun.Body(Translator(), """{"id":"msg_C","type":"message","content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}"""));
        Assert.Equal("response.created", events[0].GetProperty("type").GetString());
        Assert.Equal("hi", SseOutput.Single(events, "response.output_text.delta").GetProperty("delta").GetString());
        Assert.Equal("response.completed", events[^1].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}", "context_length_exceeded")]
    [InlineData(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", "server_error")]
    public void Error_answers_keep_the_message_with_a_codex_code(int status, string body, string code)
    {
        using var doc = JsonDocument.Parse(TranslatorRun.Error(Translator(), status, body));
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString(), error.GetProperty("message").GetString());
    }
}

using System.Text;
using System.Text.Json;
using CodexHelper.Translation;
using CodexHelper.Translation.ResponsesToChat;

namespace CodexHelper.Tests.Translation.ResponsesToChat;

public sealed class ChatToResponsesTests
{
    private const string Tools = """
        "tools":[{"type":"function","name":"exec_command","parameters":{"type":"object"}},
                 {"type":"custom","name":"apply_patch","format":{"type":"grammar"}},
                 {"type":"namespace","name":"multi_agent_v1","tools":[{"type":"function","name":"close_agent"}]}]
        """;

    private static IResponseTranslator Translator(bool stream = true) =>
        new ResponsesToChatTranslation(null, new FixedClock(1700000000))
            .TranslateRequest(Encoding.UTF8.GetBytes($$"""{"model":"deepseek-chat","stream":{{(stream ? "true" : "false")}},"input":"hi",{{Tools}}}"""))
            .Response;

    private static string Sse(params string[] data) => string.Concat(data.Select(d => $"data: {d}\n\n"));

    private static readonly string TextReasoningToolCall = Sse(
        """{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1733000000,"model":"deepseek-chat","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Let me "},"finish_reason":null}],"usage":null}""",
        """{"id":"chatcmpl-7","choices":[{"index":0,"delta":{"reasoning_content":"think."},"finish_reason":null}],"usage":null}""",
        """{"id":"chatcmpl-7","choices":[{"index":0,"delta":{"content":"I'll run "},"finish_reason":null}],"usage":null}""",
        """{"id":"chatcmpl-7","choices":[{"index":0,"delta":{"content":"ls. ✓"},"finish_reason":null}],"usage":null}""",
        """{"id":"chatcmpl-7","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"exec_command","arguments":""}}]},"finish_reason":null}]}""",
        """{"id":"chatcmpl-7","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"","function":{"arguments":"{\"cmd\""}}]},"finish_reason":null}]}""",
        """{"id":"chatcmpl-7","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":\"ls\"}"}}]},"finish_reason":null}]}""",
        """{"id":"chatcmpl-7","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":null}""",
        """{"id":"chatcmpl-7","choices":[],"usage":{"prompt_tokens":2000,"completion_tokens":50,"total_tokens":2050,"prompt_tokens_details":{"cached_tokens":1536},"completion_tokens_details":{"reasoning_tokens":20}}}""",
        "[DONE]");

    [Fact]
    public void Reasoning_text_and_a_split_tool_call_give_codex_its_sequence_with_usage()
    {
        var events = SseOutput.Events(TranslatorRun.Stream(Translator(), TextReasoningToolCall, 100000));
        SseOutput.AssertSequenced(events);
        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed",
            ],
            SseOutput.Types(events));
        var created = events[0].GetProperty("response");
        Assert.Equal("resp_chatcmpl-7", created.GetProperty("id").GetString());
        Assert.Equal(1733000000, created.GetProperty("created_at").GetInt64());
        Assert.Equal("deepseek-chat", created.GetProperty("model").GetString());

        var call = events[20].GetProperty("item");
        Assert.Equal("function_call", call.GetProperty("type").GetString());
        Assert.Equal("call_abc", call.GetProperty("call_id").GetString());
        Assert.Equal("exec_command", call.GetProperty("name").GetString());
        Assert.Equal("{\"cmd\":\"ls\"}", call.GetProperty("arguments").GetString());
        Assert.Equal("completed", call.GetProperty("status").GetString());

        var done = events[^1].GetProperty("response");
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(["reasoning", "message", "function_call"], done.GetProperty("output").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("Let me think.", done.GetProperty("output")[0].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal("I'll run ls. ✓", done.GetProperty("output")[1].GetProperty("content")[0].GetProperty("text").GetString());
        var usage = done.GetProperty("usage");
        Assert.Equal(2000, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(1536, usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64());
        Assert.Equal(50, usage.GetProperty("output_tokens").GetInt64());
        Assert.Equal(20, usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt64());
        Assert.Equal(2050, usage.GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public void Every_chunking_gives_the_same_client_bytes()
    {
        var whole = TranslatorRun.Stream(Translator(), TextReasoningToolCall, 1 << 20);
        Assert.Equal(whole, TranslatorRun.Stream(Translator(), TextReasoningToolCall, 1));
        Assert.Equal(whole, TranslatorRun.Stream(Translator(), TextReasoningToolCall.Replace("\n", "\r\n", StringComparison.Ordinal), 3));
        for (var seed = 0; seed < 20; seed++)
        {
            Assert.Equal(whole, TranslatorRun.StreamRandomly(Translator(), TextReasoningToolCall, seed));
        }
    }

    [Fact]
    public void The_terminal_event_waits_for_the_usage_chunk_after_finish_reason()
    {
        var translator = Translator();
        var client = new System.Buffers.ArrayBufferWriter<byte>();
        translator.Feed(Encoding.UTF8.GetBytes(Sse("""{"id":"a","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}""")), client);
        Assert.DoesNotContain("response.completed", Encoding.UTF8.GetString(client.WrittenSpan), StringComparison.Ordinal);
        translator.Feed(Encoding.UTF8.GetBytes(Sse("""{"id":"a","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1}}""")), client);
        var events = SseOutput.Events(client.WrittenSpan.ToArray());
        Assert.Equal(4, SseOutput.Single(events, "response.completed").GetProperty("response").GetProperty("usage").GetProperty("total_tokens").GetInt64());
        translator.Feed(Encoding.UTF8.GetBytes(Sse("[DONE]")), client);
        translator.Finish(client);
        Assert.Single(SseOutput.Events(client.WrittenSpan.ToArray()), e => e.GetProperty("type").GetString() == "response.completed");
    }

    [Fact]
    public void Parallel_calls_a_custom_patch_a_namespace_call_and_empty_arguments()
    {
        var stream = Sse(
            """{"id":"p","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_p","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Begin"}},{"index":1,"id":"call_n","function":{"name":"multi_agent_v1__close_agent","arguments":""}}]}}]}""",
            """{"id":"p","choices":[{"index":0,"delta":{"tool_calls":[{"index":2,"function":{"arguments":"{\"cmd\":\"pwd\"}"}}]}}]}""",
            """{"id":"p","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" Patch\\n\"}"}},{"index":2,"id":"call_late","function":{"name":"exec_command"}}]}}]}""",
            """{"id":"p","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""");
        var events = SseOutput.Events(TranslatorRun.Stream(Translator(), stream, 7));
        var done = events.FindAll(e => e.GetProperty("type").GetString() == "response.output_item.done").ConvertAll(e => e.GetProperty("item"));
        Assert.Equal(3, done.Count);
        Assert.Equal("custom_tool_call", done[0].GetProperty("type").GetString());
        Assert.Equal("*** Begin Patch\n", done[0].GetProperty("input").GetString());
        Assert.Equal("ctc_call_p", done[0].GetProperty("id").GetString());
        Assert.Equal("close_agent", done[1].GetProperty("name").GetString());
        Assert.Equal("multi_agent_v1", done[1].GetProperty("namespace").GetString());
        Assert.Equal("{}", done[1].GetProperty("arguments").GetString());
        Assert.Equal("call_late", done[2].GetProperty("call_id").GetString());
        Assert.Equal("{\"cmd\":\"pwd\"}", done[2].GetProperty("arguments").GetString());
        Assert.Equal([0, 1, 2], done.Select(d => events.First(e => e.GetProperty("type").GetString() == "response.output_item.done" && e.GetProperty("item").GetProperty("id").GetString() == d.GetProperty("id").GetString()).GetProperty("output_index").GetInt32()));
        Assert.Equal("*** Begin Patch\n", SseOutput.Single(events, "response.custom_tool_call_input.done").GetProperty("input").GetString());
        Assert.Equal("response.completed", events[^1].GetProperty("type").GetString());
        Assert.Equal(3, events[^1].GetProperty("response").GetProperty("output").GetArrayLength());
        Assert.False(events[^1].GetProperty("response").TryGetProperty("usage", out _));
    }

    [Fact]
    public void A_stream_ending_without_done_after_finish_reason_completes()
    {
        var events = SseOutput.Events(TranslatorRun.Stream(Translator(), Sse("""{"id":"e","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}"""), 5));
        Assert.Equal("response.completed", events[^1].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("data: {\"id\":\"b\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"half\"}}]}\n\n", "before the answer was finished")]
    [InlineData("", "before any answer")]
    [InlineData("data: [DONE]\n\n", "before any answer")]
    public void A_stream_that_breaks_off_fails(string stream, string message)
    {
        var events = SseOutput.Events(TranslatorRun.Stream(Translator(), stream, 4));
        var failed = events[^1];
        Assert.Equal("response.failed", failed.GetProperty("type").GetString());
        Assert.Equal("failed", failed.GetProperty("response").GetProperty("status").GetString());
        Assert.Contains(message, failed.GetProperty("response").GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("response.created", events[0].GetProperty("type").GetString());
    }

    [Fact]
    public void An_error_chunk_mid_stream_fails_with_the_relay_message()
    {
        var stream = Sse(
            """{"id":"r","choices":[{"index":0,"delta":{"content":"par"}}]}""",
            """{"error":{"message":"Rate limit reached for requests, please try again in 20s","type":"requests","code":"rate_limit_exceeded"}}""",
            """{"id":"r","choices":[{"index":0,"delta":{"content":"never"}}]}""");
        var events = SseOutput.Events(TranslatorRun.Stream(Translator(), stream, 9));
        var error = events[^1].GetProperty("response").GetProperty("error");
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("Rate limit reached for requests, please try again in 20s", error.GetProperty("message").GetString());
        Assert.DoesNotContain(events, e => e.ToString().Contains("never", StringComparison.Ordinal));
        Assert.Single(events, e => e.GetProperty("type").GetString() == "response.failed");
    }

    [Fact]
    public void Garbage_mid_stream_fails()
    {
        var events = SseOutput.Events(TranslatorRun.Stream(Translator(), "data: {\"id\":\"g\",\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: <html>oops\n\n", 11));
        Assert.Equal("response.failed", events[^1].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("length", "max_output_tokens")]
    [InlineData("content_filter", "content_filter")]
    public void A_cut_short_finish_is_incomplete(string finish, string reason)
    {
        var stream = Sse($$"""{"id":"l","choices":[{"index":0,"delta":{"content":"trunc"},"finish_reason":"{{finish}}"}]}""", "[DONE]");
        var last = SseOutput.Events(TranslatorRun.Stream(Translator(), stream, 6))[^1];
        Assert.Equal("response.completed", last.GetProperty("type").GetString());
        Assert.Equal("incomplete", last.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal(reason, last.GetProperty("response").GetProperty("incomplete_details").GetProperty("reason").GetString());
    }

    private const string WholeCompletion = """
        {"id":"chatcmpl-w","object":"chat.completion","created":1733000001,"model":"deepseek-chat",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Applying.","reasoning_content":"Need a patch.",
           "tool_calls":[{"id":"call_w","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Begin Patch\\n*** End Patch\"}"}}]},
           "finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":10,"completion_tokens":7,"total_tokens":17,"prompt_tokens_details":{"cached_tokens":2}}}
        """;

    [Fact]
    public void A_whole_completion_becomes_the_responses_body()
    {
        using var doc = JsonDocument.Parse(TranslatorRun.Body(Translator(stream: false), WholeCompletion));
        var root = doc.RootElement;
        Assert.Equal("resp_chatcmpl-w", root.GetProperty("id").GetString());
        Assert.Equal("response", root.GetProperty("object").GetString());
        Assert.Equal("completed", root.GetProperty("status").GetString());
        var output = root.GetProperty("output");
        Assert.Equal(["reasoning", "message", "custom_tool_call"], output.EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("*** Begin Patch\n*** End Patch", output[2].GetProperty("input").GetString());
        Assert.Equal(2, root.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64());
        Assert.Equal(0, root.GetProperty("usage").GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt64());
    }

    [Fact]
    public void A_whole_completion_for_a_streaming_client_becomes_the_event_stream()
    {
        var events = SseOutput.Events(TranslatorRun.Body(Translator(stream: true), WholeCompletion));
        SseOutput.AssertSequenced(events);
        Assert.Equal("response.created", events[0].GetProperty("type").GetString());
        Assert.Equal("response.completed", events[^1].GetProperty("type").GetString());
        Assert.Equal("*** Begin Patch\n*** End Patch", SseOutput.Single(events, "response.custom_tool_call_input.done").GetProperty("input").GetString());
    }

    [Fact]
    public void Content_types_follow_the_client()
    {
        Assert.Equal("text/event-stream", Translator(true).ClientContentType);
        Assert.Equal("application/json", Translator(false).ClientContentType);
    }

    [Theory]
    [InlineData(400, "{\"error\":{\"message\":\"Invalid tool schema\",\"type\":\"invalid_request_error\",\"param\":\"tools\",\"code\":\"invalid_value\"}}", "Invalid tool schema", "invalid_value")]
    [InlineData(502, "<html><body>502 Bad Gateway</body></html>", "upstream answered HTTP 502: <html><body>502 Bad Gateway</body></html>", "server_error")]
    public void Error_answers_keep_the_relay_message(int status, string body, string message, string code)
    {
        using var doc = JsonDocument.Parse(TranslatorRun.Error(Translator(), status, body));
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public void Calls_all_numbered_zero_are_told_apart_by_their_ids_and_shared_ids_made_unique()
    {
        var stream = Sse(
            """{"id":"z","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","function":{"name":"exec_command","arguments":"{\"cmd\":\"a\"}"}}]}}]}""",
            """{"id":"z","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_b","function":{"name":"exec_command","arguments":"{\"cmd\":\"b\"}"}}]}}]}""",
            """{"id":"z","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_a","function":{"name":"exec_command","arguments":"{}"}}]}}]}""",
            """{"id":"z","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]");
        var events = SseOutput.Events(TranslatorRun.Stream(Translator(), stream, 10));
        var done = events.FindAll(e => e.GetProperty("type").GetString() == "response.output_item.done").ConvertAll(e => e.GetProperty("item"));
        Assert.Equal(["call_a", "call_b", "call_a_2"], done.Select(d => d.GetProperty("call_id").GetString()));
        Assert.Equal(["{\"cmd\":\"a\"}", "{\"cmd\":\"b\"}", "{}"], done.Select(d => d.GetProperty("arguments").GetString()));
    }

    [Fact]
    public void A_stream_for_a_client_that_asked_for_a_body_is_aggregated_into_the_body()
    {
        using var doc = JsonDocument.Parse(TranslatorRun.Stream(Translator(stream: false), TextReasoningToolCall, 17));
        var root = doc.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(["reasoning", "message", "function_call"], root.GetProperty("output").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal(2050, root.GetProperty("usage").GetProperty("total_tokens").GetInt64());
    }
}

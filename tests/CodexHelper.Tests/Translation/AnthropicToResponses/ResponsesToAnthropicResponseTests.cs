using System.Buffers;
using System.Text;
using System.Text.Json;
using CodexHelper.Tests.Translation.AnthropicToChat;
using CodexHelper.Translation;
using CodexHelper.Translation.AnthropicClient;
using CodexHelper.Translation.AnthropicToResponses;

namespace CodexHelper.Tests.Translation.AnthropicToResponses;

public sealed class ResponsesToAnthropicResponseTests
{
    private static readonly string LongName = "mcp__" + new string('s', 40) + "__" + new string('t', 40);
    private static readonly string ShortName = new ToolNameMap().Add(new ClientTool(LongName, null, ClientToolKind.Function));

    private static ResponsesToAnthropicResponse Make(bool streams = true)
    {
        var names = new ToolNameMap();
        names.Add(new ClientTool("Bash", null, ClientToolKind.Function));
        names.Add(new ClientTool(LongName, null, ClientToolKind.Function));
        return new ResponsesToAnthropicResponse(new AnthropicAnswer("msg_r1", "gpt-5.1-codex", streams), names);
    }

    private static string Event(string json)
    {
        using var document = JsonDocument.Parse(json);
        return "event: " + document.RootElement.GetProperty("type").GetString() + "\ndata: " + json + "\n\n";
    }

    private static string Stream(params string[] events) => string.Concat(events.Select(Event));

    private const string Created = """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","model":"gpt-5.1-codex","output":[],"usage":null,"error":null}}""";
    private const string InProgress = """{"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[]}}""";

    private static string Completed(string status = "completed", string incomplete = "null") =>
        """{"type":"response.STATUS","sequence_number":99,"response":{"id":"resp_1","object":"response","status":"STATUS","incomplete_details":INCOMPLETE,"output":[{"type":"message","content":[{"type":"output_text","text":"repeated"}]}],"usage":{"input_tokens":5000,"input_tokens_details":{"cached_tokens":4096},"output_tokens":300,"output_tokens_details":{"reasoning_tokens":128},"total_tokens":5300}}}"""
            .Replace("STATUS", status, StringComparison.Ordinal).Replace("INCOMPLETE", incomplete, StringComparison.Ordinal);

    private static string FullTurn() => Stream(
        Created,
        InProgress,
        """{"type":"response.output_item.added","output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[]}}""",
        """{"type":"response.reasoning_summary_part.added","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}}""",
        """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":0,"delta":"**Plan**"}""",
        """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":1,"delta":"Run ls — ✓"}""",
        """{"type":"response.output_item.done","output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"**Plan**"},{"type":"summary_text","text":"Run ls — ✓"}],"encrypted_content":"gAAAAABsecret=="}}""",
        """{"type":"response.output_item.added","output_index":1,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}""",
        """{"type":"response.content_part.added","output_index":1,"content_index":0,"part":{"type":"output_text","text":""}}""",
        """{"type":"response.output_text.delta","output_index":1,"content_index":0,"delta":"Listing "}""",
        """{"type":"response.output_text.delta","output_index":1,"content_index":0,"delta":"files."}""",
        """{"type":"response.output_text.done","output_index":1,"content_index":0,"text":"Listing files."}""",
        """{"type":"response.output_item.done","output_index":1,"item":{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"Listing files."}]}}""",
        """{"type":"response.output_item.added","output_index":2,"item":{"id":"fc_1","type":"function_call","call_id":"call_ls","name":"Bash","arguments":""}}""",
        """{"type":"response.function_call_arguments.delta","output_index":2,"delta":"{\"command\":"}""",
        """{"type":"response.function_call_arguments.delta","output_index":2,"delta":"\"ls\"}"}""",
        """{"type":"response.function_call_arguments.done","output_index":2,"arguments":"{\"command\":\"ls\"}"}""",
        """{"type":"response.output_item.done","output_index":2,"item":{"id":"fc_1","type":"function_call","call_id":"call_ls","name":"Bash","arguments":"{\"command\":\"ls\"}"}}""",
        """{"type":"response.output_item.added","output_index":3,"item":{"id":"fc_2","type":"function_call","call_id":"call_mcp","name":"NAME","arguments":""}}""".Replace("NAME", ShortName, StringComparison.Ordinal),
        """{"type":"response.output_item.done","output_index":3,"item":{"id":"fc_2","type":"function_call","call_id":"call_mcp","name":"NAME","arguments":""}}""".Replace("NAME", ShortName, StringComparison.Ordinal),
        Completed());

    [Fact]
    public void A_full_turn_gives_thinking_with_the_upstreams_signature_text_and_tools_then_the_stop_with_usage()
    {
        var events = SseOutput.NamedEvents(TranslatorRun.FeedAll(() => Make(), FullTurn()));
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal("ping", events[1].Name);
        Assert.Equal("msg_r1", events[0].Data.GetProperty("message").GetProperty("id").GetString());

        var blocks = ChatToAnthropicResponseTests.Blocks(events);
        Assert.Equal(["thinking", "text", "tool_use", "tool_use"], blocks.Select(b => b.Type));
        Assert.Equal(("call_ls", "Bash", "{\"command\":\"ls\"}"), (blocks[2].Id, blocks[2].Name, blocks[2].Json));
        Assert.Equal(("call_mcp", LongName, "{}"), (blocks[3].Id, blocks[3].Name, blocks[3].Json));

        var deltas = events.Where(e => e.Name == "content_block_delta").Select(e => e.Data).ToList();
        Assert.Equal("**Plan**\n\nRun ls — ✓", string.Concat(deltas.Where(d => d.GetProperty("index").GetInt32() == 0 && d.GetProperty("delta").GetProperty("type").GetString() == "thinking_delta").Select(d => d.GetProperty("delta").GetProperty("thinking").GetString())));
        Assert.Equal("gAAAAABsecret==", deltas.Single(d => d.GetProperty("delta").GetProperty("type").GetString() == "signature_delta").GetProperty("delta").GetProperty("signature").GetString());
        Assert.Equal("Listing files.", string.Concat(deltas.Where(d => d.GetProperty("index").GetInt32() == 1).Select(d => d.GetProperty("delta").GetProperty("text").GetString())));

        var stop = events[^2].Data;
        Assert.Equal("message_delta", events[^2].Name);
        Assert.Equal("tool_use", stop.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(904, stop.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(4096, stop.GetProperty("usage").GetProperty("cache_read_input_tokens").GetInt64());
        Assert.Equal(300, stop.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Fact]
    public void An_incomplete_response_stops_for_max_tokens()
    {
        var events = SseOutput.NamedEvents(TranslatorRun.FeedAll(() => Make(), Stream(
            Created,
            """{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"cut"}""",
            Completed("incomplete", """{"reason":"max_output_tokens"}"""))));
        Assert.Equal("max_tokens", events[^2].Data.GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void Reasoning_without_a_summary_or_encrypted_content_opens_no_block()
    {
        var events = SseOutput.NamedEvents(TranslatorRun.FeedAll(() => Make(), Stream(
            Created,
            """{"type":"response.output_item.added","output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[]}}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[]}}""",
            """{"type":"response.output_item.done","output_index":1,"item":{"id":"m","type":"message","content":[{"type":"output_text","text":"only in done"}]}}""",
            Completed())));
        var blocks = ChatToAnthropicResponseTests.Blocks(events);
        Assert.Equal(["text"], blocks.Select(b => b.Type));
        Assert.Contains(events, e => e.Name == "content_block_delta" && e.Data.GetProperty("delta").GetProperty("text").GetString() == "only in done");
        Assert.Equal("end_turn", events[^2].Data.GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void A_failed_response_with_a_context_overflow_says_prompt_is_too_long()
    {
        var events = SseOutput.NamedEvents(TranslatorRun.FeedAll(() => Make(), Stream(
            Created,
            """{"type":"response.failed","response":{"id":"resp_1","status":"failed","error":{"code":"context_length_exceeded","message":"Your input exceeds the context window of this model."}}}""")));
        Assert.Equal(["message_start", "ping", "error"], events.Select(e => e.Name));
        var error = events[^1].Data.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("prompt is too long: Your input exceeds the context window of this model.", error.GetProperty("message").GetString());
    }

    [Fact]
    public void An_error_event_mid_stream_keeps_the_relays_message()
    {
        var events = SseOutput.NamedEvents(TranslatorRun.FeedAll(() => Make(), Stream(
            Created,
            """{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"par"}""",
            """{"type":"error","code":"rate_limit_exceeded","message":"Rate limit reached for gpt-5.1-codex","param":null}""",
            Completed())));
        Assert.Equal("error", events[^1].Name);
        Assert.DoesNotContain(events, e => e.Name == "message_stop");
        Assert.Equal("rate_limit_error", events[^1].Data.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Rate limit reached for gpt-5.1-codex", events[^1].Data.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void A_stream_that_ends_before_response_completed_ends_with_an_error_event()
    {
        var events = SseOutput.NamedEvents(TranslatorRun.FeedAll(() => Make(), Stream(Created, """{"type":"response.output_text.delta","delta":"x"}""")));
        Assert.Equal("error", events[^1].Name);
        Assert.Equal("upstream stream ended before response.completed", events[^1].Data.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void A_client_that_did_not_stream_gets_one_message_from_the_stream()
    {
        var body = SseOutput.Json(TranslatorRun.FeedAll(() => Make(streams: false), FullTurn()));
        var content = body.GetProperty("content");
        Assert.Equal(["thinking", "text", "tool_use", "tool_use"], content.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("gAAAAABsecret==", content[0].GetProperty("signature").GetString());
        Assert.Equal("ls", content[2].GetProperty("input").GetProperty("command").GetString());
        Assert.Equal(LongName, content[3].GetProperty("name").GetString());
        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
    }

    private const string WholeResponse = """
        {"id":"resp_2","object":"response","status":"completed","model":"gpt-5.1-codex","incomplete_details":null,"error":null,
         "output":[{"type":"reasoning","id":"rs_2","summary":[{"type":"summary_text","text":"Think."}],"encrypted_content":"gAAAAABx"},
                   {"type":"message","id":"m2","role":"assistant","content":[{"type":"output_text","text":"Hi there"}]},
                   {"type":"function_call","id":"fc","call_id":"call_7","name":"Bash","arguments":"{\"command\":\"pwd\"}"}],
         "usage":{"input_tokens":100,"input_tokens_details":{"cached_tokens":60},"output_tokens":20,"total_tokens":120}}
        """;

    [Fact]
    public void A_whole_response_becomes_the_anthropic_message()
    {
        var client = new ArrayBufferWriter<byte>();
        Make(streams: false).TranslateBody(Encoding.UTF8.GetBytes(WholeResponse), client);
        var body = SseOutput.Json(client.WrittenSpan.ToArray());
        var content = body.GetProperty("content");
        Assert.Equal("Think.", content[0].GetProperty("thinking").GetString());
        Assert.Equal("gAAAAABx", content[0].GetProperty("signature").GetString());
        Assert.Equal("Hi there", content[1].GetProperty("text").GetString());
        Assert.Equal("call_7", content[2].GetProperty("id").GetString());
        Assert.Equal("pwd", content[2].GetProperty("input").GetProperty("command").GetString());
        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
        Assert.Equal(40, body.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(60, body.GetProperty("usage").GetProperty("cache_read_input_tokens").GetInt64());
    }

    [Fact]
    public void A_whole_response_for_a_streaming_client_becomes_the_event_stream()
    {
        var client = new ArrayBufferWriter<byte>();
        Make().TranslateBody(Encoding.UTF8.GetBytes(WholeResponse), client);
        var events = SseOutput.NamedEvents(client.WrittenSpan.ToArray());
        Assert.Equal(["thinking", "text", "tool_use"], ChatToAnthropicResponseTests.Blocks(events).Select(b => b.Type));
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Fact]
    public void A_whole_failed_response_is_the_error_body()
    {
        var client = new ArrayBufferWriter<byte>();
        Make(streams: false).TranslateBody("""{"id":"r","status":"failed","error":{"code":"server_error","message":"boom"},"output":[]}"""u8, client);
        var body = SseOutput.Json(client.WrittenSpan.ToArray());
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("boom", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(400, """{"error":{"message":"Unsupported parameter: 'max_output_tokens'","type":"invalid_request_error","param":"max_output_tokens","code":"unsupported_parameter"}}""", "invalid_request_error", "Unsupported parameter: 'max_output_tokens'")]
    [InlineData(502, "Bad Gateway", "api_error", "Bad Gateway")]
    [InlineData(429, """{"error":{"message":"quota","type":"insufficient_quota"}}""", "rate_limit_error", "quota")]
    public void Errors_are_anthropics_error_body(int status, string upstream, string type, string message)
    {
        var client = new ArrayBufferWriter<byte>();
        Make().TranslateError(status, Encoding.UTF8.GetBytes(upstream), client);
        var body = SseOutput.Json(client.WrittenSpan.ToArray());
        Assert.Equal(type, body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(message, body.GetProperty("error").GetProperty("message").GetString());
    }
}

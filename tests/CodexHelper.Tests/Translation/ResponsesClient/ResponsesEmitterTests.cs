using System.Buffers;
using System.Text.Json;
using CodexHelper.Translation;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Tests.Translation.ResponsesClient;

public sealed class ResponsesEmitterTests
{
    [Fact]
    public void Text_then_a_function_call_gives_the_minimal_codex_sequence()
    {
        var client = new ArrayBufferWriter<byte>();
        var emitter = new ResponsesEmitter("gpt-5.1-codex", streaming: true, createdAt: 1700000000);
        emitter.Start(client, "chatcmpl-9"u8);
        emitter.Text(client, "Hi "u8);
        emitter.Text(client, "there"u8);
        var call = emitter.BeginCall(client, "call_1", new ClientTool("exec_command", null, ClientToolKind.Function));
        emitter.CallArguments(client, call, "{\"cmd\":"u8);
        emitter.CallArguments(client, call, "\"ls\"}"u8);
        emitter.Complete(client, ResponsesStatus.Completed, null, new ResponsesUsage(10, 5, 15, 4, 2));

        var events = SseOutput.Events(client.WrittenSpan.ToArray());
        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed",
            ],
            SseOutput.Types(events));
        SseOutput.AssertSequenced(events);
        var created = events[0].GetProperty("response");
        Assert.Equal("resp_chatcmpl-9", created.GetProperty("id").GetString());
        Assert.Equal("in_progress", created.GetProperty("status").GetString());
        Assert.Equal(0, created.GetProperty("output").GetArrayLength());

        var message = events[8].GetProperty("item");
        Assert.Equal("Hi there", message.GetProperty("content")[0].GetProperty("text").GetString());
        var fc = events[13].GetProperty("item");
        Assert.Equal("function_call", fc.GetProperty("type").GetString());
        Assert.Equal("call_1", fc.GetProperty("call_id").GetString());
        Assert.Equal("fc_call_1", fc.GetProperty("id").GetString());
        Assert.Equal("{\"cmd\":\"ls\"}", fc.GetProperty("arguments").GetString());
        Assert.Equal(1, events[13].GetProperty("output_index").GetInt32());

        var done = events[^1].GetProperty("response");
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("output").GetArrayLength());
        var usage = done.GetProperty("usage");
        Assert.Equal(10, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(4, usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64());
        Assert.Equal(2, usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt64());
        Assert.Equal(15, usage.GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public void A_custom_call_is_unwrapped_and_a_namespace_restored()
    {
        var client = new ArrayBufferWriter<byte>();
        var emitter = new ResponsesEmitter("m", true, 0);
        var patch = emitter.BeginCall(client, "c1", new ClientTool("apply_patch", null, ClientToolKind.Custom));
        emitter.CallArguments(client, patch, "{\"input\":\"*** Begin Patch\\n*** End Patch\"}"u8);
        emitter.EndCall(client, patch);
        var ns = emitter.BeginCall(client, "c2", new ClientTool("close_agent", "multi_agent_v1", ClientToolKind.Function));
        emitter.EndCall(client, ns);
        emitter.Complete(client, ResponsesStatus.Completed, null, null);

        var events = SseOutput.Events(client.WrittenSpan.ToArray());
        Assert.DoesNotContain("response.function_call_arguments.delta", SseOutput.Types(events).Take(6));
        Assert.Equal("*** Begin Patch\n*** End Patch", SseOutput.Single(events, "response.custom_tool_call_input.done").GetProperty("input").GetString());
        var items = events.FindAll(e => e.GetProperty("type").GetString() == "response.output_item.done").ConvertAll(e => e.GetProperty("item"));
        Assert.Equal("custom_tool_call", items[0].GetProperty("type").GetString());
        Assert.Equal("ctc_c1", items[0].GetProperty("id").GetString());
        Assert.Equal("*** Begin Patch\n*** End Patch", items[0].GetProperty("input").GetString());
        Assert.Equal("close_agent", items[1].GetProperty("name").GetString());
        Assert.Equal("multi_agent_v1", items[1].GetProperty("namespace").GetString());
        Assert.Equal("{}", items[1].GetProperty("arguments").GetString());
        Assert.False(events[^1].GetProperty("response").TryGetProperty("usage", out _));
    }

    [Fact]
    public void Reasoning_with_a_signature_becomes_a_summary_with_encrypted_content()
    {
        var client = new ArrayBufferWriter<byte>();
        var emitter = new ResponsesEmitter("m", true, 0);
        emitter.Reasoning(client, "thinking"u8);
        emitter.ReasoningSignature("sig=="u8);
        emitter.Text(client, "answer"u8);
        emitter.Complete(client, ResponsesStatus.Completed, null, null);
        var events = SseOutput.Events(client.WrittenSpan.ToArray());
        Assert.Equal(0, SseOutput.Single(events, "response.reasoning_summary_part.added").GetProperty("summary_index").GetInt32());
        Assert.Equal("thinking", SseOutput.Single(events, "response.reasoning_summary_text.delta").GetProperty("delta").GetString());
        var reasoning = events.First(e => e.GetProperty("type").GetString() == "response.output_item.done").GetProperty("item");
        Assert.Equal("reasoning", reasoning.GetProperty("type").GetString());
        Assert.Equal("thinking", reasoning.GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal("sig==", reasoning.GetProperty("encrypted_content").GetString());
        var added = events.First(e => e.GetProperty("type").GetString() == "response.output_item.added").GetProperty("item");
        Assert.Equal(0, added.GetProperty("summary").GetArrayLength());
    }

    [Theory]
    [InlineData(false, "response.completed")]
    [InlineData(true, "response.incomplete")]
    public void A_cut_short_answer_is_incomplete(bool incompleteEvent, string terminal)
    {
        var client = new ArrayBufferWriter<byte>();
        var emitter = new ResponsesEmitter("m", true, 0, incompleteEvent);
        emitter.Text(client, "partial"u8);
        emitter.Complete(client, ResponsesStatus.Incomplete, "max_output_tokens", null);
        var events = SseOutput.Events(client.WrittenSpan.ToArray());
        var last = events[^1];
        Assert.Equal(terminal, last.GetProperty("type").GetString());
        Assert.Equal("incomplete", last.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", last.GetProperty("response").GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("incomplete", last.GetProperty("response").GetProperty("output")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void Fail_writes_created_then_failed_once()
    {
        var client = new ArrayBufferWriter<byte>();
        var emitter = new ResponsesEmitter("m", true, 0);
        emitter.Fail(client, "rate_limit_exceeded", "try again in 3s");
        emitter.Complete(client, ResponsesStatus.Completed, null, null);
        var events = SseOutput.Events(client.WrittenSpan.ToArray());
        Assert.Equal(["response.created", "response.in_progress", "response.failed"], SseOutput.Types(events));
        var error = events[^1].GetProperty("response").GetProperty("error");
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("try again in 3s", error.GetProperty("message").GetString());
    }

    [Fact]
    public void Without_a_stream_only_the_whole_body_is_written()
    {
        var client = new ArrayBufferWriter<byte>();
        var emitter = new ResponsesEmitter("m", false, 5);
        emitter.Start(client, "x"u8);
        emitter.Reasoning(client, "r"u8);
        emitter.Text(client, "t"u8);
        var call = emitter.BeginCall(client, "c", new ClientTool("f", null, ClientToolKind.Function));
        emitter.CallArguments(client, call, "{\"a\":1}"u8);
        emitter.Complete(client, ResponsesStatus.Completed, null, new ResponsesUsage(1, 2, 3, 0, 0));
        using var body = JsonDocument.Parse(client.WrittenMemory);
        var root = body.RootElement;
        Assert.Equal("response", root.GetProperty("object").GetString());
        Assert.Equal("resp_x", root.GetProperty("id").GetString());
        Assert.Equal(5, root.GetProperty("created_at").GetInt64());
        Assert.Equal(["reasoning", "message", "function_call"], root.GetProperty("output").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("{\"a\":1}", root.GetProperty("output")[2].GetProperty("arguments").GetString());
        Assert.Equal(3, root.GetProperty("usage").GetProperty("total_tokens").GetInt64());
    }

    [Theory]
    [InlineData(400, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens\",\"type\":\"invalid_request_error\",\"code\":null}}", "context_length_exceeded", "This model's maximum context length is 128000 tokens")]
    [InlineData(429, "{\"error\":{\"message\":\"slow down, try again in 20s\",\"type\":\"requests\"}}", "rate_limit_exceeded", "slow down, try again in 20s")]
    [InlineData(502, "<html>Bad Gateway</html>", "server_error", "upstream answered HTTP 502: <html>Bad Gateway</html>")]
    [InlineData(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", "server_error", "Overloaded")]
    [InlineData(403, "{\"error\":{\"message\":\"You exceeded your current quota\",\"code\":\"insufficient_quota\"}}", "insufficient_quota", "You exceeded your current quota")]
    [InlineData(401, "{\"message\":\"bad key\"}", "invalid_request_error", "bad key")]
    public void Errors_keep_the_relay_message_with_a_code_codex_acts_on(int status, string body, string code, string message)
    {
        var client = new ArrayBufferWriter<byte>();
        ResponsesErrors.Write(status, System.Text.Encoding.UTF8.GetBytes(body), client);
        using var doc = JsonDocument.Parse(client.WrittenMemory);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.True(error.TryGetProperty("type", out _));
    }

    [Theory]
    [InlineData("{\"message\":\"slow down\",\"code\":429}", "rate_limit_exceeded")]
    [InlineData("{\"message\":\"boom\",\"code\":\"500\"}", "server_error")]
    [InlineData("{\"message\":\"The input is too long for the model\"}", "context_length_exceeded")]
    public void Mid_stream_errors_are_classified_without_a_status(string error, string code)
    {
        var parsed = UpstreamError.Parse(0, System.Text.Encoding.UTF8.GetBytes(error));
        Assert.Equal(code, ResponsesErrorCodes.Classify(0, parsed));
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Tests.Translation.AnthropicClient;

public sealed class AnthropicOutputTests
{
    private static readonly byte[] Thought = "Let me look."u8.ToArray();

    [Fact]
    public void Thinking_text_and_a_tool_make_Appendix_1s_sequence_with_monotonic_indices()
    {
        var client = new ArrayBufferWriter<byte>();
        var output = new AnthropicEventStream("msg_test", "gpt-5");
        output.Start(client, default);
        output.Thinking(client, Thought);
        output.Thinking(client, " Again."u8);
        output.Text(client, "Héllo"u8);
        output.ToolUse(client, "call_1", "Bash");
        output.ToolInput(client, "{\"command\":"u8);
        output.ToolInput(client, "\"ls\"}"u8);
        output.Stop(client, StopReasons.EndTurn, new AnthropicUsage(10, 5, 3, 0));

        var events = SseOutput.NamedEvents(client.WrittenSpan.ToArray());
        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
             "content_block_start", "content_block_delta", "content_block_stop",
             "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Name));

        var message = events[0].Data.GetProperty("message");
        Assert.Equal("msg_test", message.GetProperty("id").GetString());
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal("gpt-5", message.GetProperty("model").GetString());
        Assert.Equal(0, message.GetProperty("content").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("stop_reason").ValueKind);
        Assert.Equal(0, message.GetProperty("usage").GetProperty("input_tokens").GetInt64());

        var thinking = events[2].Data;
        Assert.Equal(0, thinking.GetProperty("index").GetInt32());
        Assert.Equal("thinking", thinking.GetProperty("content_block").GetProperty("type").GetString());
        Assert.Equal("thinking_delta", events[3].Data.GetProperty("delta").GetProperty("type").GetString());
        Assert.Equal("Let me look.", events[3].Data.GetProperty("delta").GetProperty("thinking").GetString());

        Assert.Equal(1, events[6].Data.GetProperty("index").GetInt32());
        Assert.Equal("Héllo", events[7].Data.GetProperty("delta").GetProperty("text").GetString());
        Assert.Contains("Héllo", Encoding.UTF8.GetString(client.WrittenSpan), StringComparison.Ordinal);

        var tool = events[9].Data;
        Assert.Equal(2, tool.GetProperty("index").GetInt32());
        Assert.Equal("tool_use", tool.GetProperty("content_block").GetProperty("type").GetString());
        Assert.Equal("call_1", tool.GetProperty("content_block").GetProperty("id").GetString());
        Assert.Equal("Bash", tool.GetProperty("content_block").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, tool.GetProperty("content_block").GetProperty("input").ValueKind);
        var json = events[10].Data.GetProperty("delta").GetProperty("partial_json").GetString()
            + events[11].Data.GetProperty("delta").GetProperty("partial_json").GetString();
        Assert.Equal("{\"command\":\"ls\"}", json);
        Assert.Equal(2, events[12].Data.GetProperty("index").GetInt32());

        var delta = events[13].Data;
        Assert.Equal("tool_use", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, delta.GetProperty("delta").GetProperty("stop_sequence").ValueKind);
        Assert.Equal(10, delta.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(5, delta.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        Assert.Equal(3, delta.GetProperty("usage").GetProperty("cache_read_input_tokens").GetInt64());
        Assert.False(delta.GetProperty("usage").TryGetProperty("cache_creation_input_tokens", out _));
    }

    [Fact]
    public void No_signature_is_written_unless_the_upstream_gave_one()
    {
        var client = new ArrayBufferWriter<byte>();
        var output = new AnthropicEventStream("msg_a", "m");
        output.Thinking(client, Thought);
        output.Stop(client, StopReasons.EndTurn, default);
        var events = SseOutput.NamedEvents(client.WrittenSpan.ToArray());
        Assert.DoesNotContain(events, e => e.Name == "content_block_delta" && e.Data.GetProperty("delta").GetProperty("type").GetString() == "signature_delta");

        var signed = new ArrayBufferWriter<byte>();
        output = new AnthropicEventStream("msg_a", "m");
        output.Signature(signed, "sig-from-upstream"u8);
        output.Stop(signed, StopReasons.EndTurn, default);
        events = SseOutput.NamedEvents(signed.WrittenSpan.ToArray());
        Assert.Equal("thinking", events[2].Data.GetProperty("content_block").GetProperty("type").GetString());
        Assert.Equal("sig-from-upstream", events[3].Data.GetProperty("delta").GetProperty("signature").GetString());
    }

    [Fact]
    public void A_tool_with_no_arguments_gets_an_empty_object_and_a_minted_stable_id_when_the_upstream_gave_none()
    {
        var client = new ArrayBufferWriter<byte>();
        var output = new AnthropicEventStream("msg_abc", "m");
        output.ToolUse(client, "", "TaskList");
        output.ToolUse(client, "functions.Read:1", "Read");
        output.Stop(client, StopReasons.EndTurn, default);

        var events = SseOutput.NamedEvents(client.WrittenSpan.ToArray());
        var starts = events.Where(e => e.Name == "content_block_start").Select(e => e.Data.GetProperty("content_block")).ToList();
        Assert.Equal("toolu_abc_0", starts[0].GetProperty("id").GetString());
        Assert.Equal("functions_Read_1", starts[1].GetProperty("id").GetString());
        var inputs = events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta").GetProperty("partial_json").GetString());
        Assert.Equal(["{}", "{}"], inputs);
    }

    [Fact]
    public void An_error_ends_the_stream_without_message_stop_and_nothing_follows_it()
    {
        var client = new ArrayBufferWriter<byte>();
        var output = new AnthropicEventStream("msg_a", "m");
        output.Text(client, "partial"u8);
        output.Fail(client, AnthropicErrors.Overloaded, "relay: busy");
        output.Text(client, "more"u8);
        output.Stop(client, StopReasons.EndTurn, default);

        var events = SseOutput.NamedEvents(client.WrittenSpan.ToArray());
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "error"], events.Select(e => e.Name));
        Assert.Equal("overloaded_error", events[^1].Data.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("relay: busy", events[^1].Data.GetProperty("error").GetProperty("message").GetString());
        Assert.True(output.Ended);
    }

    [Fact]
    public void The_same_calls_into_a_message_body_give_the_whole_message()
    {
        var client = new ArrayBufferWriter<byte>();
        var output = new AnthropicMessageBody("msg_b", "deepseek-chat");
        output.Thinking(client, Thought);
        output.Signature(client, "sig"u8);
        output.Text(client, "Done."u8);
        output.ToolUse(client, "call_9", "Read");
        output.ToolInput(client, "{\"file_path\":\"/a\"}"u8);
        output.ToolUse(client, "call_10", "Bash");
        output.ToolInput(client, "{\"broken"u8);
        Assert.Equal(0, client.WrittenCount);
        output.Stop(client, StopReasons.EndTurn, new AnthropicUsage(7, 2, 0, 0));

        var body = SseOutput.Json(client.WrittenSpan.ToArray());
        Assert.Equal("msg_b", body.GetProperty("id").GetString());
        Assert.Equal("message", body.GetProperty("type").GetString());
        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
        var content = body.GetProperty("content");
        Assert.Equal(4, content.GetArrayLength());
        Assert.Equal("Let me look.", content[0].GetProperty("thinking").GetString());
        Assert.Equal("sig", content[0].GetProperty("signature").GetString());
        Assert.Equal("Done.", content[1].GetProperty("text").GetString());
        Assert.Equal("/a", content[2].GetProperty("input").GetProperty("file_path").GetString());
        Assert.Equal("call_9", content[2].GetProperty("id").GetString());
        Assert.Empty(content[3].GetProperty("input").EnumerateObject());
        Assert.Equal(7, body.GetProperty("usage").GetProperty("input_tokens").GetInt64());
    }

    [Fact]
    public void A_failure_into_a_message_body_is_anthropics_error_body()
    {
        var client = new ArrayBufferWriter<byte>();
        var output = new AnthropicMessageBody("msg_b", "m");
        output.Text(client, "x"u8);
        output.Fail(client, AnthropicErrors.ApiError, "broke");
        var body = SseOutput.Json(client.WrittenSpan.ToArray());
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("api_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("broke", body.GetProperty("error").GetProperty("message").GetString());
    }
}

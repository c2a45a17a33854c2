using System.Text;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

public sealed class AnthropicEventReaderTests
{
    private static string S(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public void Reads_message_start_with_usage_from_the_message()
    {
        var reader = new AnthropicEventReader();
        Assert.True(reader.TryParse("""{"type":"message_start","message":{"id":"msg_1","model":"claude","content":[],"usage":{"input_tokens":10,"cache_read_input_tokens":200,"cache_creation_input_tokens":30,"output_tokens":1}}}"""u8));
        Assert.Equal("message_start", S(reader.Type));
        Assert.Equal("msg_1", S(reader.Id));
        Assert.Equal("claude", S(reader.Model));
        Assert.True(reader.HasUsage);
        Assert.Equal((10L, 1L, 200L, 30L), (reader.InputTokens, reader.OutputTokens, reader.CacheReadTokens, reader.CacheCreationTokens));
    }

    [Fact]
    public void Reads_a_tool_use_block_start_and_its_json_delta()
    {
        var reader = new AnthropicEventReader();
        Assert.True(reader.TryParse("""{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"exec_command","input":{"a":{"b":1}}}}"""u8));
        Assert.Equal(2, reader.Index);
        Assert.Equal("tool_use", S(reader.BlockType));
        Assert.Equal("toolu_1", S(reader.Id));
        Assert.Equal("exec_command", S(reader.Name));
        Assert.True(reader.TryParse("""{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"cmd\":\"l"}}"""u8));
        Assert.Equal("input_json_delta", S(reader.DeltaType));
        Assert.Equal("{\"cmd\":\"l", S(reader.Value));
        Assert.True(reader.Name.IsEmpty);
    }

    [Theory]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\\u00e9\"}}", "thinking_delta", "hmé")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQ=\"}}", "signature_delta", "EqQ=")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\nb\"}}", "text_delta", "a\nb")]
    public void Reads_delta_payloads(string json, string deltaType, string value)
    {
        var reader = new AnthropicEventReader();
        Assert.True(reader.TryParse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(deltaType, S(reader.DeltaType));
        Assert.Equal(value, S(reader.Value));
    }

    [Fact]
    public void Reads_message_delta_stop_reason_and_usage_and_an_error()
    {
        var reader = new AnthropicEventReader();
        Assert.True(reader.TryParse("""{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}}"""u8));
        Assert.Equal("tool_use", S(reader.StopReason));
        Assert.Equal(42, reader.OutputTokens);
        Assert.True(reader.TryParse("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""u8));
        Assert.Equal("error", S(reader.Type));
        Assert.Equal("overloaded_error", S(reader.ErrorType));
        Assert.Equal("Overloaded", S(reader.ErrorMessage));
        Assert.False(reader.HasUsage);
        Assert.False(reader.TryParse("nope"u8));
    }
}

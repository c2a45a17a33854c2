using System.Text;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

public sealed class ChatChunkReaderTests
{
    private static string S(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public void Reads_a_text_delta_with_id_model_role_and_created()
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733300000,"model":"deepseek-chat","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel\"lo \u00e9"},"finish_reason":null}]}"""u8));
        Assert.Equal("chatcmpl-1", S(reader.Id));
        Assert.Equal("deepseek-chat", S(reader.Model));
        Assert.Equal(1733300000, reader.Created);
        Assert.True(reader.HasChoice);
        Assert.Equal("assistant", S(reader.Role));
        Assert.Equal("Hel\"lo é", S(reader.Content));
        Assert.True(reader.FinishReason.IsEmpty);
        Assert.False(reader.HasUsage);
        Assert.False(reader.HasError);
        Assert.Equal(0, reader.ToolCallCount);
    }

    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    public void Reads_reasoning_under_either_name(string field)
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse(Encoding.UTF8.GetBytes("{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"" + field + "\":\"think\\nhard\"}}]}")));
        Assert.Equal("think\nhard", S(reader.Reasoning));
        Assert.True(reader.Content.IsEmpty);
    }

    [Fact]
    public void Prefers_reasoning_content_over_reasoning()
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse("""{"choices":[{"delta":{"reasoning_content":"a","reasoning":"a"}}]}"""u8));
        Assert.Equal("a", S(reader.Reasoning));
    }

    [Fact]
    public void Reads_several_tool_call_pieces()
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"exec_command","arguments":"{\"cmd\":"}},{"index":1,"id":"","function":{"arguments":"\"ls\"}"}}]}}]}"""u8));
        Assert.Equal(2, reader.ToolCallCount);
        var first = reader.ToolCall(0);
        Assert.Equal(0, first.Index);
        Assert.Equal("call_a", S(first.Id));
        Assert.Equal("exec_command", S(first.Name));
        Assert.Equal("{\"cmd\":", S(first.Arguments));
        var second = reader.ToolCall(1);
        Assert.Equal(1, second.Index);
        Assert.True(second.Id.IsEmpty);
        Assert.True(second.Name.IsEmpty);
        Assert.Equal("\"ls\"}", S(second.Arguments));
    }

    [Fact]
    public void A_tool_call_without_index_takes_its_position()
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse("""{"choices":[{"delta":{"tool_calls":[{"id":"x","function":{"name":"a"}},{"id":"y","function":{"name":"b"}}]}}]}"""u8));
        Assert.Equal(0, reader.ToolCall(0).Index);
        Assert.Equal(1, reader.ToolCall(1).Index);
    }

    [Fact]
    public void Reads_finish_reason_and_a_usage_only_chunk()
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse("""{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":null}"""u8));
        Assert.Equal("tool_calls", S(reader.FinishReason));
        Assert.False(reader.HasUsage);

        Assert.True(reader.TryParse("""{"id":"c","choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":80,"total_tokens":1280,"prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":64}}}"""u8));
        Assert.False(reader.HasChoice);
        Assert.True(reader.FinishReason.IsEmpty);
        Assert.True(reader.HasUsage);
        Assert.Equal(new ChatUsage(1200, 80, 1280, 1024, 64), reader.Usage);
    }

    [Fact]
    public void Falls_back_to_deepseek_cache_hits_and_computes_a_missing_total()
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse("""{"choices":[],"usage":{"prompt_tokens":100,"completion_tokens":5,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}}"""u8));
        Assert.Equal(64, reader.Usage.CachedTokens);
        Assert.Equal(105, reader.Usage.Total);
    }

    [Fact]
    public void Reads_an_error_object_with_a_numeric_code()
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse("""{"error":{"message":"Rate limit reached, try again in 20s","type":"requests","code":429}}"""u8));
        Assert.True(reader.HasError);
        Assert.Equal("Rate limit reached, try again in 20s", S(reader.ErrorMessage));
        Assert.Equal("requests", S(reader.ErrorType));
        Assert.Equal("429", S(reader.ErrorCode));
        Assert.False(reader.HasChoice);
    }

    [Fact]
    public void Reads_a_whole_non_stream_completion()
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse("""{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"done","reasoning_content":"why","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"},{"index":1,"message":{"content":"ignored"}}],"usage":{"prompt_tokens":3,"completion_tokens":4}}"""u8));
        Assert.Equal("done", S(reader.Content));
        Assert.Equal("why", S(reader.Reasoning));
        Assert.Equal("tool_calls", S(reader.FinishReason));
        Assert.Equal("f", S(reader.ToolCall(0).Name));
        Assert.Equal("{}", S(reader.ToolCall(0).Arguments));
        Assert.Equal(7, reader.Usage.Total);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"choices\":[{\"delta\":")]
    [InlineData("")]
    public void Rejects_what_is_not_a_json_object_and_clears_the_previous_chunk(string text)
    {
        var reader = new ChatChunkReader();
        Assert.True(reader.TryParse("""{"choices":[{"delta":{"content":"x"}}]}"""u8));
        Assert.False(reader.TryParse(Encoding.UTF8.GetBytes(text)));
        Assert.True(reader.Content.IsEmpty);
        Assert.False(reader.HasChoice);
    }

    [Fact]
    public void Reuses_its_buffer_across_chunks_and_grows_for_long_text()
    {
        var reader = new ChatChunkReader();
        var big = new string('a', 5000);
        Assert.True(reader.TryParse(Encoding.UTF8.GetBytes("{\"choices\":[{\"delta\":{\"content\":\"" + big + "\"}}]}")));
        Assert.Equal(big, S(reader.Content));
        Assert.True(reader.TryParse("""{"choices":[{"delta":{"content":"b"}}]}"""u8));
        Assert.Equal("b", S(reader.Content));
    }
}

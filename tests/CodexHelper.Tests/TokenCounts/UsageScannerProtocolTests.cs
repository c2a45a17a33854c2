using CodexHelper.TokenCounts;
using static CodexHelper.Tests.TokenCounts.UsageFixtures;

namespace CodexHelper.Tests.TokenCounts;

public sealed class UsageScannerProtocolTests
{
    [Theory]
    [MemberData(nameof(UsageFixtures.Names), MemberType = typeof(UsageFixtures))]
    public void Whole_body_in_one_chunk_yields_the_usage(string name)
    {
        var f = Get(name);

        var usage = ScanWith(f.ContentType, [Bytes(f.Body)]);

        Assert.Equal(f.Usage, usage);
    }

    [Theory]
    [MemberData(nameof(UsageFixtures.Names), MemberType = typeof(UsageFixtures))]
    public void Content_type_missing_is_sniffed_from_the_body(string name)
    {
        var f = Get(name);

        Assert.Equal(f.Usage, Scan(null, Bytes(f.Body)));
    }

    [Fact]
    public void Sse_body_labelled_as_json_is_sniffed_as_sse()
    {
        Assert.Equal(ChatUsage, ScanText("application/json", ChatSse));
    }

    [Fact]
    public void Anthropic_stream_combines_input_from_message_start_with_output_from_last_message_delta()
    {
        var usage = ScanText(Sse, AnthropicSse);

        Assert.NotNull(usage);
        Assert.Equal(9225, usage.InputTokens); // 25 uncached + 1200 cache creation + 8000 cache read: not lost
        Assert.Equal(8000, usage.CachedInputTokens);
        Assert.Equal(89, usage.OutputTokens); // the final cumulative count, not message_start's 1
        Assert.Equal(9314, usage.TotalTokens);
    }

    [Fact]
    public void Anthropic_message_delta_with_nonzero_input_fields_wins_and_zero_ones_do_not()
    {
        const string stream = """
            event: message_start
            data: {"type":"message_start","message":{"model":"claude-x","usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":5,"output_tokens":1}}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":12,"cache_read_input_tokens":0,"output_tokens":30}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}


            """;

        var usage = ScanText(Sse, stream);

        Assert.Equal(new TokenUsage { InputTokens = 12 + 100 + 5, CachedInputTokens = 100, OutputTokens = 42, TotalTokens = 159, CacheCreationInputTokens = 5 }, usage);
    }

    [Fact]
    public void Anthropic_1h_cache_writes_are_kept_apart_from_5m_ones()
    {
        const string stream = """
            event: message_start
            data: {"type":"message_start","message":{"model":"claude-x","usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"cache_creation":{"ephemeral_5m_input_tokens":20,"ephemeral_1h_input_tokens":30},"output_tokens":1}}}

            event: message_delta
            data: {"type":"message_delta","usage":{"output_tokens":7}}


            """;

        var usage = ScanText(Sse, stream);

        Assert.Equal(new TokenUsage { InputTokens = 160, CachedInputTokens = 100, OutputTokens = 7, TotalTokens = 167, CacheCreationInputTokens = 50, CacheCreation1hInputTokens = 30 }, usage);
    }

    [Fact]
    public void Anthropic_stream_without_message_delta_keeps_message_start_counts()
    {
        const string stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}\n\n";

        Assert.Equal(new TokenUsage { InputTokens = 7, OutputTokens = 1, TotalTokens = 8 }, ScanText(Sse, stream));
    }

    [Theory]
    [InlineData("response.incomplete")]
    [InlineData("response.failed")]
    public void Responses_terminal_events_other_than_completed_count_too(string type)
    {
        var stream = $"event: {type}\ndata: {{\"type\":\"{type}\",\"response\":{{\"status\":\"x\",\"usage\":{{\"input_tokens\":50,\"output_tokens\":20,\"total_tokens\":70}}}}}}\n\n";

        Assert.Equal(new TokenUsage { InputTokens = 50, OutputTokens = 20, TotalTokens = 70 }, ScanText(Sse, stream));
    }

    [Fact]
    public void Responses_usage_without_total_gets_input_plus_output()
    {
        const string stream = "data: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}}\n\n";

        Assert.Equal(7, ScanText(Sse, stream)?.TotalTokens);
    }

    [Fact]
    public void Usage_keys_outside_the_protocol_paths_are_ignored()
    {
        const string stream = """
            data: {"type":"response.output_item.done","item":{"type":"function_call","usage":{"input_tokens":999,"output_tokens":999}}}

            data: {"choices":[{"delta":{"usage":{"prompt_tokens":999}}}],"usage":null}


            """;

        Assert.Null(ScanText(Sse, stream));
    }

    [Fact]
    public void Numbers_in_arrays_inside_usage_do_not_leak_into_counters()
    {
        const string body = """{"usage":{"input_tokens_details":{"cached_tokens":3},"extra":[777,{"cached_tokens":888}],"input_tokens":10,"output_tokens":2}}""";

        Assert.Equal(new TokenUsage { InputTokens = 10, CachedInputTokens = 3, OutputTokens = 2, TotalTokens = 12 }, ScanText(Json, body));
    }

    [Fact]
    public void Response_without_usage_gives_null()
    {
        const string stream = """
            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"}}]}

            data: [DONE]


            """;

        Assert.Null(ScanText(Sse, stream));
        Assert.Null(ScanText(Json, """{"id":"c","choices":[]}"""));
        Assert.Null(ScanText(Json, "{\"usage\":null}"));
        Assert.Null(Scan(Sse));
    }

    [Fact]
    public void Deepseek_style_cache_hit_counts_as_cached()
    {
        const string body = """{"usage":{"prompt_tokens":100,"completion_tokens":5,"total_tokens":105,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}}""";

        Assert.Equal(64, ScanText(Json, body)?.CachedInputTokens);
    }

    [Fact]
    public void Json_body_with_leading_whitespace_and_bom_is_read()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF, (byte)'\n', (byte)' ' }.Concat(Bytes(ChatJson)).ToArray();

        Assert.Equal(ChatJsonUsage, Scan(null, body));
    }

    [Fact]
    public void Feed_after_finish_is_ignored()
    {
        var scanner = UsageScanner.Create(Sse);
        scanner.Feed(Bytes(ChatSse));
        var first = scanner.Finish();
        scanner.Feed(Bytes(ResponsesSse));

        Assert.Equal(ChatUsage, first);
        Assert.Equal(ChatUsage, scanner.Finish());
    }
}

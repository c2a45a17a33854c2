using System.Text;
using CodexHelper.TokenCounts;

namespace CodexHelper.Tests.TokenCounts;

/// <summary>Realistic response bodies of the three wire protocols, streamed and not, with their expected usage.</summary>
internal static class UsageFixtures
{
    public const string Sse = "text/event-stream; charset=utf-8";
    public const string Json = "application/json";

    public static readonly string ResponsesSse = """
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1741290958,"status":"in_progress","model":"gpt-5-codex","output":[],"usage":null}}

        event: response.in_progress
        data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_1","object":"response","status":"in_progress","model":"gpt-5-codex","output":[],"usage":null}}

        event: response.output_item.added
        data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","content":[],"role":"assistant"}}

        event: response.content_part.added
        data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Your token usage "}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"looks like {\"usage\": {\"input_tokens\": 999}} and \"usage\""}

        event: response.output_text.done
        data: {"type":"response.output_text.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Your token usage looks like {\"usage\": {\"input_tokens\": 999}} and \"usage\""}

        event: response.output_item.done
        data: {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"text":"Your token usage looks like {\"usage\": {\"input_tokens\": 999}} and \"usage\""}],"role":"assistant"}}

        event: response.completed
        data: {"type":"response.completed","sequence_number":8,"response":{"id":"resp_1","object":"response","created_at":1741290958,"status":"completed","model":"gpt-5-codex","output":[{"id":"msg_1","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"text":"Your token usage looks like {\"usage\": {\"input_tokens\": 999}}"}],"role":"assistant"}],"reasoning":{"effort":"medium","summary":null},"usage":{"input_tokens":1290,"input_tokens_details":{"cached_tokens":1024},"output_tokens":316,"output_tokens_details":{"reasoning_tokens":192},"total_tokens":1606},"user":null,"metadata":{}}}


        """;

    public static readonly TokenUsage ResponsesUsage = new()
    {
        InputTokens = 1290, CachedInputTokens = 1024, OutputTokens = 316, ReasoningTokens = 192, TotalTokens = 1606,
    };

    public static readonly string ChatSse = """
        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741290958,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741290958,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"The \"usage\" field"},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741290958,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":" counts tokens."},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741290958,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741290958,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_1","choices":[],"usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":64,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}

        data: [DONE]


        """;

    public static readonly TokenUsage ChatUsage = new()
    {
        InputTokens = 2006, CachedInputTokens = 1920, OutputTokens = 300, ReasoningTokens = 64, TotalTokens = 2306,
    };

    public static readonly string AnthropicSse = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":1200,"cache_read_input_tokens":8000,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking \"usage\" now"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"report","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"usage\": {\"output_tokens\": 5"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

        event: message_stop
        data: {"type":"message_stop"}


        """;

    public static readonly TokenUsage AnthropicUsage = new()
    {
        InputTokens = 25 + 1200 + 8000, CachedInputTokens = 8000, OutputTokens = 89, ReasoningTokens = 0, TotalTokens = 9225 + 89, CacheCreationInputTokens = 1200,
    };

    public static readonly string ResponsesJson = """
        {"id":"resp_2","object":"response","created_at":1741476542,"status":"completed","error":null,"model":"gpt-5","output":[{"type":"reasoning","id":"rs_1","summary":[]},{"type":"message","id":"msg_2","status":"completed","role":"assistant","content":[{"type":"output_text","text":"The \"usage\" is below.","annotations":[]}]}],"parallel_tool_calls":true,"reasoning":{"effort":"low","summary":null},"usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":0},"output_tokens":87,"output_tokens_details":{"reasoning_tokens":64},"total_tokens":123},"metadata":{}}
        """;

    public static readonly TokenUsage ResponsesJsonUsage = new()
    {
        InputTokens = 36, CachedInputTokens = 0, OutputTokens = 87, ReasoningTokens = 64, TotalTokens = 123,
    };

    public static readonly string ChatJson = """
        {
          "id": "chatcmpl-2",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "gpt-4.1-2025-04-14",
          "choices": [
            {
              "index": 0,
              "message": { "role": "assistant", "content": "Hello! usage: none", "refusal": null, "annotations": [] },
              "logprobs": null,
              "finish_reason": "stop"
            }
          ],
          "usage": {
            "prompt_tokens": 19,
            "completion_tokens": 10,
            "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
            "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 }
          },
          "service_tier": "default"
        }
        """;

    // total_tokens deliberately absent: it must be input + output.
    public static readonly TokenUsage ChatJsonUsage = new()
    {
        InputTokens = 19, CachedInputTokens = 0, OutputTokens = 10, ReasoningTokens = 0, TotalTokens = 29,
    };

    public static readonly string AnthropicJson = """
        {"id":"msg_02","type":"message","role":"assistant","model":"claude-opus-4-1-20250805","content":[{"type":"text","text":"Sure."},{"type":"tool_use","id":"toolu_02","name":"report","input":{"usage":{"input_tokens":999,"output_tokens":999}}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":3000,"output_tokens":45,"service_tier":"standard"}}
        """;

    public static readonly TokenUsage AnthropicJsonUsage = new()
    {
        InputTokens = 3012, CachedInputTokens = 3000, OutputTokens = 45, ReasoningTokens = 0, TotalTokens = 3057,
    };

    /// <summary>(name, content type, body, expected usage) for every protocol and shape.</summary>
    public static readonly (string Name, string ContentType, string Body, TokenUsage Usage)[] All =
    [
        ("responses-sse", Sse, ResponsesSse, ResponsesUsage),
        ("chat-sse", Sse, ChatSse, ChatUsage),
        ("anthropic-sse", Sse, AnthropicSse, AnthropicUsage),
        ("responses-json", Json, ResponsesJson, ResponsesJsonUsage),
        ("chat-json", Json, ChatJson, ChatJsonUsage),
        ("anthropic-json", Json, AnthropicJson, AnthropicJsonUsage),
    ];

    public static IEnumerable<object[]> Names() => All.Select(f => new object[] { f.Name });

    public static (string Name, string ContentType, string Body, TokenUsage Usage) Get(string name) =>
        All.Single(f => f.Name == name);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Feeds the chunks and returns the result of Finish.</summary>
    public static TokenUsage? Scan(string? contentType, params byte[][] chunks) => ScanWith(contentType, chunks);

    public static TokenUsage? ScanWith(string? contentType, IEnumerable<byte[]> chunks)
    {
        var scanner = UsageScanner.Create(contentType);
        foreach (var chunk in chunks)
        {
            scanner.Feed(chunk);
        }

        return scanner.Finish();
    }

    public static TokenUsage? ScanText(string? contentType, string text) => Scan(contentType, Bytes(text));
}

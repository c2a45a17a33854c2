using System.Text;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.EndToEnd.Support;

/// <summary>Upstreams that answer like the real APIs do, in the SSE shapes observed from the real services.</summary>
internal static class WireStubs
{
    public const int InputTokens = 1234;
    public const int CachedTokens = 200;
    public const int OutputTokens = 56;

    private static readonly string ResponsesUsage =
        "{\"input_tokens\":" + InputTokens + ",\"input_tokens_details\":{\"cached_tokens\":" + CachedTokens + "},\"output_tokens\":" + OutputTokens
        + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":" + (InputTokens + OutputTokens) + "}";

    /// <summary>
    /// An OpenAI Responses API turn streaming <paramref name="answer"/>; <paramref name="cutAfterTwoEvents"/> drops the
    /// connection midway, after the first content event (the output item), so past the proxy's commit point.
    /// </summary>
    public static Task<StubUpstream> ResponsesAsync(string answer, bool cutAfterTwoEvents = false) => StubUpstream.StartAsync(async (ctx, seen) =>
    {
        if (!seen.Path.EndsWith("/responses", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = 404;
            return;
        }

        ctx.Response.ContentType = "text/event-stream";
        var id = "resp_" + Guid.NewGuid().ToString("N")[..12];
        var events = ResponsesEvents(id, answer);
        for (var i = 0; i < events.Count; i++)
        {
            await ctx.Response.WriteAsync(events[i]);
            await ctx.Response.Body.FlushAsync();
            if (cutAfterTwoEvents && i == 2)
            {
                await Task.Delay(200);
                ctx.Abort();
                return;
            }
        }
    });

    public static List<string> ResponsesEvents(string id, string answer)
    {
        static string Event(string type, string json) => $"event: {type}\ndata: {json}\n\n";
        var msgId = "msg_" + id[5..];
        var text = System.Text.Json.JsonEncodedText.Encode(answer).ToString();
        return
        [
            Event("response.created", $$$"""{"type":"response.created","response":{"id":"{{{id}}}","object":"response","status":"in_progress","output":[]}}"""),
            Event("response.in_progress", $$$"""{"type":"response.in_progress","response":{"id":"{{{id}}}","object":"response","status":"in_progress","output":[]}}"""),
            Event("response.output_item.added", $$$"""{"type":"response.output_item.added","output_index":0,"item":{"id":"{{{msgId}}}","type":"message","status":"in_progress","role":"assistant","content":[]}}"""),
            Event("response.content_part.added", $$$"""{"type":"response.content_part.added","item_id":"{{{msgId}}}","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}"""),
            Event("response.output_text.delta", $$$"""{"type":"response.output_text.delta","item_id":"{{{msgId}}}","output_index":0,"content_index":0,"delta":"{{{text}}}"}"""),
            Event("response.output_text.done", $$$"""{"type":"response.output_text.done","item_id":"{{{msgId}}}","output_index":0,"content_index":0,"text":"{{{text}}}"}"""),
            Event("response.output_item.done", $$$"""{"type":"response.output_item.done","output_index":0,"item":{"id":"{{{msgId}}}","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"{{{text}}}","annotations":[]}]}}"""),
            Event("response.completed", "{\"type\":\"response.completed\",\"response\":{\"id\":\"" + id + "\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"id\":\"" + msgId + "\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + text + "\",\"annotations\":[]}]}],\"usage\":" + ResponsesUsage + "}}"),
        ];
    }

    /// <summary>An Anthropic Messages API turn streaming <paramref name="answer"/>; other paths get an empty 200.</summary>
    public static Task<StubUpstream> AnthropicAsync(string answer) => StubUpstream.StartAsync(async (ctx, seen) =>
    {
        if (seen.Method != "POST" || !seen.Path.EndsWith("/v1/messages", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(seen.Path.EndsWith("count_tokens", StringComparison.Ordinal) ? """{"input_tokens":10}""" : "{}");
            return;
        }

        static string Event(string type, string json) => $"event: {type}\ndata: {json}\n\n";
        var text = System.Text.Json.JsonEncodedText.Encode(answer).ToString();
        var sb = new StringBuilder();
        sb.Append(Event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_stub1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + InputTokens + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":" + CachedTokens + ",\"output_tokens\":1}}}"));
        sb.Append(Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));
        sb.Append(Event("ping", """{"type":"ping"}"""));
        sb.Append(Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{text}}}"}}"""));
        sb.Append(Event("content_block_stop", """{"type":"content_block_stop","index":0}"""));
        sb.Append(Event("message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":{{{OutputTokens}}}}}"""));
        sb.Append(Event("message_stop", """{"type":"message_stop"}"""));
        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.WriteAsync(sb.ToString());
    });
}

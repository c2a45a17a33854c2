using System.Globalization;
using System.Text;

namespace StreamingBench;

/// <summary>What an upstream answers a turn with: text, or one call of a declared tool.</summary>
internal enum WireShape
{
    Text,
    ToolCall,
}

/// <summary>
/// One upstream answer as an event stream in the upstream's own protocol ("chat", "anthropic" or "responses"),
/// built in order: <see cref="Head"/>, any number of <see cref="Delta"/>s, <see cref="Tail"/>. The shapes are the ones
/// real relays send (a role chunk, usage after <c>finish_reason</c> and <c>[DONE]</c> for chat; message_start …
/// message_stop for Anthropic; created … completed with the whole text repeated in the done events for Responses).
/// Shared by the micro-benchmarks (linked into CodexHelper.Benchmarks) and the end-to-end translation mode.
/// </summary>
internal sealed class WireStream(string protocol, WireShape shape, string toolName = "exec_command")
{
    private const string ChatPrefix = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1762000000,\"model\":\"deepseek-chat\",\"choices\":[{\"index\":0,\"delta\":";
    private readonly StringBuilder _all = new();
    private int _sequence;

    public string Protocol { get; } = protocol;

    /// <summary>The events before the first delta.</summary>
    public string Head() => (Protocol, shape) switch
    {
        ("chat", WireShape.Text) => ChatPrefix + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n",
        ("chat", _) => ChatPrefix + "{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}\n\n"
            + ChatPrefix + "{\"tool_calls\":[{\"index\":0,\"id\":\"call_bench1\",\"type\":\"function\",\"function\":{\"name\":\"" + toolName + "\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n",
        ("anthropic", _) => Anthropic("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":270,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":40960,\"output_tokens\":1}}}")
            + Anthropic("content_block_start", shape == WireShape.Text
                ? "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"
                : "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_bench1\",\"name\":\"" + toolName + "\",\"input\":{}}}"),
        (_, WireShape.Text) => Responses("response.created", "\"response\":" + ResponseObject("in_progress", "", ""))
            + Responses("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"msg_bench\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}")
            + Responses("response.content_part.added", "\"item_id\":\"msg_bench\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"text\":\"\"}"),
        _ => Responses("response.created", "\"response\":" + ResponseObject("in_progress", "", ""))
            + Responses("response.output_item.added", "\"output_index\":0,\"item\":" + FunctionCallItem("in_progress", "")),
    };

    /// <summary>One delta event; <paramref name="piece"/> is the content of a JSON string (already escaped).</summary>
    public string Delta(string piece)
    {
        _all.Append(piece);
        return (Protocol, shape) switch
        {
            ("chat", WireShape.Text) => ChatPrefix + "{\"content\":\"" + piece + "\"},\"finish_reason\":null}]}\n\n",
            ("chat", _) => ChatPrefix + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" + piece + "\"}}]},\"finish_reason\":null}]}\n\n",
            ("anthropic", WireShape.Text) => Anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + piece + "\"}}"),
            ("anthropic", _) => Anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + piece + "\"}}"),
            (_, WireShape.Text) => Responses("response.output_text.delta", "\"item_id\":\"msg_bench\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + piece + "\",\"logprobs\":[]"),
            _ => Responses("response.function_call_arguments.delta", "\"item_id\":\"fc_bench\",\"output_index\":0,\"delta\":\"" + piece + "\""),
        };
    }

    /// <summary>The events after the last delta: the end of the block or item, the stop reason and usage, the terminal marker.</summary>
    public string Tail()
    {
        var all = _all.ToString();
        var text = shape == WireShape.Text;
        return Protocol switch
        {
            "chat" => ChatPrefix + "{},\"finish_reason\":\"" + (text ? "stop" : "tool_calls") + "\"}]}\n\n"
                + "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1762000000,\"model\":\"deepseek-chat\",\"choices\":[],\"usage\":{\"prompt_tokens\":41230,\"completion_tokens\":312,\"total_tokens\":41542,\"prompt_tokens_details\":{\"cached_tokens\":40960}}}\n\n"
                + "data: [DONE]\n\n",
            "anthropic" => Anthropic("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + Anthropic("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + (text ? "end_turn" : "tool_use") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":312}}")
                + Anthropic("message_stop", "{\"type\":\"message_stop\"}"),
            _ when text => Responses("response.output_text.done", "\"item_id\":\"msg_bench\",\"output_index\":0,\"content_index\":0,\"text\":\"" + all + "\",\"logprobs\":[]")
                + Responses("response.content_part.done", "\"item_id\":\"msg_bench\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"text\":\"" + all + "\"}")
                + Responses("response.output_item.done", "\"output_index\":0,\"item\":" + MessageItem(all))
                + Responses("response.completed", "\"response\":" + ResponseObject("completed", MessageItem(all), Usage)),
            _ => Responses("response.function_call_arguments.done", "\"item_id\":\"fc_bench\",\"output_index\":0,\"arguments\":\"" + all + "\"")
                + Responses("response.output_item.done", "\"output_index\":0,\"item\":" + FunctionCallItem("completed", all))
                + Responses("response.completed", "\"response\":" + ResponseObject("completed", FunctionCallItem("completed", all), Usage)),
        };
    }

    /// <summary>A whole stream: head, one delta per piece, tail.</summary>
    public static string Whole(string protocol, WireShape shape, IEnumerable<string> pieces, string toolName = "exec_command")
    {
        var stream = new WireStream(protocol, shape, toolName);
        var sb = new StringBuilder(stream.Head());
        foreach (var piece in pieces)
        {
            sb.Append(stream.Delta(piece));
        }

        return sb.Append(stream.Tail()).ToString();
    }

    /// <summary>The JSON-string pieces of a typical text answer: <paramref name="count"/> small tokens.</summary>
    public static IEnumerable<string> TextPieces(int count)
    {
        string[] words = ["The", " deploy", " script", " reads", " `DEPLOY_TOKEN`", " before", " the", " env", " file", " is", " loaded", ",", " so", " the", " call", " fails", ".\\n"];
        for (var i = 0; i < count; i++)
        {
            yield return words[i % words.Length];
        }
    }

    /// <summary>The JSON-string pieces of a tool call's arguments (an <c>exec_command</c>-like object) streamed in ~8-byte parts.</summary>
    public static IEnumerable<string> ArgumentPieces(string commandKey)
    {
        var arguments = "{\"" + commandKey + "\":\"rg -n \\\"DEPLOY_TOKEN\\\" src tests scripts --glob '!*.lock' | head -n 200\",\"workdir\":\"/home/dev/projects/deploy-service\",\"max_output_tokens\":4000}";
        for (var i = 0; i < arguments.Length; i += 8)
        {
            yield return Escape(arguments.Substring(i, Math.Min(8, arguments.Length - i)));
        }
    }

    public static string Escape(string raw) => raw.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private const string Usage = "{\"input_tokens\":41230,\"input_tokens_details\":{\"cached_tokens\":40960},\"output_tokens\":312,\"output_tokens_details\":{\"reasoning_tokens\":128},\"total_tokens\":41542}";

    private static string Anthropic(string type, string data) => "event: " + type + "\ndata: " + data + "\n\n";

    private string Responses(string type, string fields) =>
        "event: " + type + "\ndata: {\"type\":\"" + type + "\",\"sequence_number\":" + (_sequence++).ToString(CultureInfo.InvariantCulture) + "," + fields + "}\n\n";

    private static string ResponseObject(string status, string item, string usage) =>
        "{\"id\":\"resp_bench\",\"object\":\"response\",\"created_at\":1762000000,\"status\":\"" + status + "\",\"model\":\"gpt-5-codex\",\"output\":[" + item + "],\"usage\":" + (usage.Length == 0 ? "null" : usage) + "}";

    private static string MessageItem(string text) =>
        "{\"id\":\"msg_bench\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"annotations\":[],\"text\":\"" + text + "\"}]}";

    private string FunctionCallItem(string status, string arguments) =>
        "{\"id\":\"fc_bench\",\"type\":\"function_call\",\"status\":\"" + status + "\",\"call_id\":\"call_bench1\",\"name\":\"" + toolName + "\",\"arguments\":\"" + arguments + "\"}";
}

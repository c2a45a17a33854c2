using System.Buffers;
using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// The answer as Anthropic's event stream: <c>message_start</c> (+ <c>ping</c>), <c>content_block_start</c> /
/// <c>_delta</c> / <c>_stop</c> per block, <c>message_delta</c> with the stop reason and usage, <c>message_stop</c>;
/// or an <c>error</c> event. Every event's <c>event:</c> name equals its JSON <c>type</c>.
/// </summary>
internal sealed class AnthropicEventStream(string messageId, string model) : AnthropicOutput(messageId, model)
{
    private readonly SseEventWriter _sse = new();

    protected override void OnStart(IBufferWriter<byte> client, AnthropicUsage usage)
    {
        var json = Begin(client, "message_start"u8);
        json.WriteStartObject("message");
        json.WriteString("id", MessageId);
        json.WriteString("type", "message");
        json.WriteString("role", "assistant");
        json.WriteString("model", Model);
        json.WriteStartArray("content");
        json.WriteEndArray();
        json.WriteNull("stop_reason");
        json.WriteNull("stop_sequence");
        AnthropicUsageJson.Write(json, usage);
        json.WriteEndObject();
        End(json);

        End(Begin(client, "ping"u8));
    }

    protected override void OnBlockStart(IBufferWriter<byte> client, AnthropicBlock block, string? id, string? name)
    {
        var json = Begin(client, "content_block_start"u8);
        json.WriteNumber("index", Index);
        json.WriteStartObject("content_block");
        switch (block)
        {
            case AnthropicBlock.Thinking:
                json.WriteString("type", "thinking");
                json.WriteString("thinking", "");
                json.WriteString("signature", "");
                break;
            case AnthropicBlock.ToolUse:
                json.WriteString("type", "tool_use");
                json.WriteString("id", id);
                json.WriteString("name", name);
                json.WriteStartObject("input");
                json.WriteEndObject();
                break;
            default:
                json.WriteString("type", "text");
                json.WriteString("text", "");
                break;
        }

        json.WriteEndObject();
        End(json);
    }

    protected override void OnDelta(IBufferWriter<byte> client, AnthropicDelta delta, ReadOnlySpan<byte> value)
    {
        var json = Begin(client, "content_block_delta"u8);
        json.WriteNumber("index", Index);
        json.WriteStartObject("delta");
        var (type, field) = delta switch
        {
            AnthropicDelta.Thinking => ("thinking_delta", "thinking"),
            AnthropicDelta.Signature => ("signature_delta", "signature"),
            AnthropicDelta.InputJson => ("input_json_delta", "partial_json"),
            _ => ("text_delta", "text"),
        };
        json.WriteString("type", type);
        json.WriteString(field, value);
        json.WriteEndObject();
        End(json);
    }

    protected override void OnBlockStop(IBufferWriter<byte> client)
    {
        var json = Begin(client, "content_block_stop"u8);
        json.WriteNumber("index", Index);
        End(json);
    }

    protected override void OnStop(IBufferWriter<byte> client, string stopReason, AnthropicUsage usage)
    {
        var json = Begin(client, "message_delta"u8);
        json.WriteStartObject("delta");
        json.WriteString("stop_reason", stopReason);
        json.WriteNull("stop_sequence");
        json.WriteEndObject();
        AnthropicUsageJson.Write(json, usage);
        End(json);

        End(Begin(client, "message_stop"u8));
    }

    protected override void OnError(IBufferWriter<byte> client, string errorType, string message)
    {
        var json = Begin(client, "error"u8);
        json.WriteStartObject("error");
        json.WriteString("type", errorType);
        json.WriteString("message", message);
        json.WriteEndObject();
        End(json);
    }

    /// <summary>Opens the event's JSON object with its <c>type</c> (equal to the event name).</summary>
    private Utf8JsonWriter Begin(IBufferWriter<byte> client, ReadOnlySpan<byte> name)
    {
        var json = _sse.Begin(client, name);
        json.WriteStartObject();
        json.WriteString("type"u8, name);
        return json;
    }

    private void End(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        _sse.End();
    }
}

using System.Buffers;
using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// The answer as one Anthropic message body (a client that did not stream): blocks are gathered as they come and the
/// whole <c>{id, type:"message", role, model, content, stop_reason, stop_sequence, usage}</c> is written at the stop;
/// a failure writes Anthropic's error body instead.
/// </summary>
internal sealed class AnthropicMessageBody(string messageId, string model) : AnthropicOutput(messageId, model)
{
    private readonly List<Gathered> _content = [];
    private readonly SseEventWriter _writer = new();

    protected override void OnStart(IBufferWriter<byte> client, AnthropicUsage usage)
    {
    }

    protected override void OnBlockStart(IBufferWriter<byte> client, AnthropicBlock block, string? id, string? name) =>
        _content.Add(new Gathered(block, id, name));

    protected override void OnDelta(IBufferWriter<byte> client, AnthropicDelta delta, ReadOnlySpan<byte> value)
    {
        var block = _content[^1];
        var target = delta == AnthropicDelta.Signature ? block.Signature ??= new ArrayBufferWriter<byte>() : block.Value;
        target.Write(value);
    }

    protected override void OnBlockStop(IBufferWriter<byte> client)
    {
    }

    protected override void OnStop(IBufferWriter<byte> client, string stopReason, AnthropicUsage usage)
    {
        var json = _writer.BeginBody(client);
        json.WriteStartObject();
        json.WriteString("id", MessageId);
        json.WriteString("type", "message");
        json.WriteString("role", "assistant");
        json.WriteString("model", Model);
        json.WriteStartArray("content");
        foreach (var block in _content)
        {
            WriteBlock(json, block);
        }

        json.WriteEndArray();
        json.WriteString("stop_reason", stopReason);
        json.WriteNull("stop_sequence");
        AnthropicUsageJson.Write(json, usage);
        json.WriteEndObject();
        _writer.EndBody();
    }

    protected override void OnError(IBufferWriter<byte> client, string errorType, string message) =>
        AnthropicErrors.WriteBody(client, errorType, message);

    private static void WriteBlock(Utf8JsonWriter json, Gathered block)
    {
        json.WriteStartObject();
        switch (block.Kind)
        {
            case AnthropicBlock.Thinking:
                json.WriteString("type", "thinking");
                json.WriteString("thinking", block.Value.WrittenSpan);
                json.WriteString("signature", block.Signature is null ? default : block.Signature.WrittenSpan);
                break;
            case AnthropicBlock.ToolUse:
                json.WriteString("type", "tool_use");
                json.WriteString("id", block.Id);
                json.WriteString("name", block.Name);
                json.WritePropertyName("input");
                ToolArguments.WriteObject(json, block.Value.WrittenSpan);
                break;
            default:
                json.WriteString("type", "text");
                json.WriteString("text", block.Value.WrittenSpan);
                break;
        }

        json.WriteEndObject();
    }

    private sealed class Gathered(AnthropicBlock kind, string? id, string? name)
    {
        public AnthropicBlock Kind { get; } = kind;

        public string? Id { get; } = id;

        public string? Name { get; } = name;

        public ArrayBufferWriter<byte> Value { get; } = new();

        public ArrayBufferWriter<byte>? Signature { get; set; }
    }
}

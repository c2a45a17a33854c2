using System.Buffers;
using System.Text;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>
/// An Anthropic Messages answer as a Responses answer (spec E.1): blocks map one to one onto output items
/// (text → message, thinking → reasoning with the signature as <c>encrypted_content</c>, tool_use → function or
/// custom call); <c>message_delta</c> carries the stop reason and usage, <c>message_stop</c> ends the answer.
/// </summary>
internal sealed class AnthropicToResponses : SseResponseTranslator
{
    private readonly AnthropicEventReader _event = new();
    private readonly ResponsesEmitter _emitter;
    private readonly ResponsesToolSet _tools;
    private readonly AnthropicAnswer _answer;
    private readonly Dictionary<int, OutputItem> _calls = [];
    private readonly bool _streaming;

    public AnthropicToResponses(string model, bool streaming, long createdAt, ResponsesToolSet tools, bool incompleteEvent = false)
    {
        _streaming = streaming;
        _tools = tools;
        _emitter = new ResponsesEmitter(model, streaming, createdAt, incompleteEvent);
        _answer = new AnthropicAnswer(_emitter, tools);
    }

    protected override bool Finished => _emitter.Finished;

    public override string ClientContentType => _streaming ? "text/event-stream" : "application/json";

    protected override void OnEnd(IBufferWriter<byte> client)
    {
        if (_emitter.Finished)
        {
            return;
        }

        if (_answer.Stopped)
        {
            _answer.Complete(client);
            return;
        }

        _emitter.Fail(client, ResponsesErrorCodes.ServerError, _emitter.HasOutput
            ? "upstream stream ended before message_stop"
            : "upstream stream ended before any answer");
    }

    public override void TranslateBody(ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client) =>
        AnthropicBodyReader.Drive(upstreamBody, _answer, client);

    public override void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client) =>
        ResponsesErrors.Write(status, upstreamBody, client);

    protected override void OnData(ReadOnlySpan<byte> data, IBufferWriter<byte> client)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (!_event.TryParse(data))
        {
            _emitter.Fail(client, ResponsesErrorCodes.ServerError, "upstream sent an event that is not Anthropic JSON: " + Encoding.UTF8.GetString(data.Length > 200 ? data[..200] : data));
            return;
        }

        var type = _event.Type;
        if (type.SequenceEqual("message_start"u8))
        {
            _emitter.Start(client, _event.Id);
            _answer.AddUsage(_event.InputTokens, _event.OutputTokens, _event.CacheReadTokens, _event.CacheCreationTokens);
        }
        else if (type.SequenceEqual("content_block_start"u8))
        {
            OnBlockStart(client);
        }
        else if (type.SequenceEqual("content_block_delta"u8))
        {
            OnDelta(client);
        }
        else if (type.SequenceEqual("content_block_stop"u8))
        {
            OnBlockStop(client);
        }
        else
        {
            OnMessageEvent(type, client);
        }
    }

    private void OnMessageEvent(ReadOnlySpan<byte> type, IBufferWriter<byte> client)
    {
        if (type.SequenceEqual("message_delta"u8))
        {
            _answer.Stop(_event.StopReason.IsEmpty ? null : Encoding.UTF8.GetString(_event.StopReason));
            if (_event.HasUsage)
            {
                _answer.AddUsage(_event.InputTokens, _event.OutputTokens, _event.CacheReadTokens, _event.CacheCreationTokens);
            }
        }
        else if (type.SequenceEqual("message_stop"u8))
        {
            _answer.Stop(null);
            _answer.Complete(client);
        }
        else if (type.SequenceEqual("error"u8))
        {
            var error = new UpstreamError(
                _event.ErrorMessage.IsEmpty ? "upstream reported an error" : Encoding.UTF8.GetString(_event.ErrorMessage),
                _event.ErrorType.IsEmpty ? null : Encoding.UTF8.GetString(_event.ErrorType),
                null);
            _emitter.Fail(client, ResponsesErrorCodes.Classify(0, error), error.Message);
        }

        // ping and unknown events carry nothing for the client.
    }

    private void OnBlockStart(IBufferWriter<byte> client)
    {
        var kind = _event.BlockType;
        if (kind.SequenceEqual("text"u8))
        {
            _emitter.Text(client, _event.Value);
        }
        else if (kind.SequenceEqual("thinking"u8))
        {
            _emitter.Reasoning(client, _event.Value);
        }
        else if (kind.SequenceEqual("redacted_thinking"u8))
        {
            _emitter.OpaqueReasoning(client, AnthropicMessageBuilder.RedactedMarker + Encoding.UTF8.GetString(_event.Value));
        }
        else if (kind.SequenceEqual("tool_use"u8))
        {
            var id = _event.Id.IsEmpty ? $"toolu_{_emitter.ResponseId}_{_event.Index}" : Encoding.UTF8.GetString(_event.Id);
            var name = Encoding.UTF8.GetString(_event.Name);
            _calls[_event.Index] = _emitter.BeginCall(client, id, _tools.Names.Resolve(name));
        }
    }

    private void OnDelta(IBufferWriter<byte> client)
    {
        var kind = _event.DeltaType;
        if (kind.SequenceEqual("text_delta"u8))
        {
            _emitter.Text(client, _event.Value);
        }
        else if (kind.SequenceEqual("thinking_delta"u8))
        {
            _emitter.Reasoning(client, _event.Value);
        }
        else if (kind.SequenceEqual("signature_delta"u8))
        {
            _emitter.ReasoningSignature(_event.Value);
        }
        else if (kind.SequenceEqual("input_json_delta"u8) && _calls.TryGetValue(_event.Index, out var call))
        {
            _emitter.CallArguments(client, call, _event.Value);
        }
    }

    private void OnBlockStop(IBufferWriter<byte> client)
    {
        if (_calls.Remove(_event.Index, out var call))
        {
            _emitter.EndCall(client, call);
            return;
        }

        // A text or thinking block: the next block opens a new item anyway; closing now shows it done sooner.
        _emitter.EndMessage(client);
        _emitter.EndReasoning(client);
    }
}

using System.Buffers;
using System.Text;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>
/// A Chat Completions answer as Claude Code's (spec §D.2): reasoning → a thinking block (no signature: Chat has
/// none), content → a text block, tool-call pieces → tool_use blocks, <c>finish_reason</c> → the stop reason. The
/// <c>message_delta</c> waits for the usage chunk that follows the finish (or <c>[DONE]</c>, or the end of the
/// stream) so Claude Code gets the real counts. An error chunk, or a stream that ends before the upstream finished,
/// ends the answer with Anthropic's error event.
/// </summary>
internal sealed class ChatToAnthropicResponse(AnthropicAnswer answer, ToolNameMap names) : SseResponseTranslator
{
    private readonly AnthropicOutput _output = answer.NewOutput();
    private readonly ChatToolCalls _calls = new(names);
    private readonly ChatChunkReader _chunk = new();
    private string? _stopReason;
    private AnthropicUsage _usage;
    private bool _done;

    public override string ClientContentType => answer.ContentType;

    protected override void OnEnd(IBufferWriter<byte> client)
    {
        if (_stopReason is not null || _done)
        {
            Stop(client);
        }
        else
        {
            _output.Fail(client, AnthropicErrors.ApiError, "upstream stream ended before the answer finished");
        }
    }

    public override void TranslateBody(ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client)
    {
        if (!_chunk.TryParse(upstreamBody))
        {
            var text = Encoding.UTF8.GetString(upstreamBody.Length > 200 ? upstreamBody[..200] : upstreamBody);
            _output.Fail(client, AnthropicErrors.ApiError, "upstream answered with a body that is not a chat completion: " + text);
            return;
        }

        if (_chunk.HasUsage)
        {
            _usage = FromChat(_chunk.Usage);
        }

        _output.Start(client, _usage);
        _calls.Whole = true;
        OnChunk(client);
        Stop(client);
    }

    public override void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client) =>
        AnthropicErrors.Translate(status, upstreamBody, client);

    protected override void OnData(ReadOnlySpan<byte> data, IBufferWriter<byte> client)
    {
        if (_output.Ended)
        {
            return;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            _done = true;
            Stop(client);
            return;
        }

        if (_chunk.TryParse(data))
        {
            if (!_chunk.HasError)
            {
                _output.Start(client, default);
            }

            OnChunk(client);
        }
    }

    private void OnChunk(IBufferWriter<byte> client)
    {
        if (_chunk.HasError)
        {
            var error = new UpstreamError(_chunk.ErrorMessage.IsEmpty ? "upstream reported an error" : Encoding.UTF8.GetString(_chunk.ErrorMessage), Type: Utf8(_chunk.ErrorType), Code: Utf8(_chunk.ErrorCode));
            var (type, message) = AnthropicErrors.Classify(AnthropicErrors.TypeFor(error.Code, error.Type), error);
            _output.Fail(client, type, message);
            return;
        }

        if (!_chunk.Reasoning.IsEmpty)
        {
            _calls.Interrupted();
            _output.Thinking(client, _chunk.Reasoning);
        }

        if (!_chunk.Content.IsEmpty)
        {
            _calls.Interrupted();
            _output.Text(client, _chunk.Content);
        }

        for (var i = 0; i < _chunk.ToolCallCount; i++)
        {
            _calls.Add(_output, client, _chunk.ToolCall(i));
        }

        if (!_chunk.FinishReason.IsEmpty)
        {
            _stopReason = StopReason(_chunk.FinishReason);
            _calls.Flush(_output, client);
            _output.CloseBlock(client);
        }

        if (_chunk.HasUsage)
        {
            _usage = FromChat(_chunk.Usage);
            if (_stopReason is not null)
            {
                Stop(client);
            }
        }
    }

    private void Stop(IBufferWriter<byte> client)
    {
        _calls.Flush(_output, client);
        _output.Stop(client, _stopReason ?? StopReasons.EndTurn, _usage);
    }

    private static AnthropicUsage FromChat(ChatUsage usage) => AnthropicUsage.FromOpenAi(usage.PromptTokens, usage.CompletionTokens, usage.CachedTokens);

    private static string StopReason(ReadOnlySpan<byte> finish) => finish switch
    {
        _ when finish.SequenceEqual("length"u8) => StopReasons.MaxTokens,
        _ when finish.SequenceEqual("tool_calls"u8) || finish.SequenceEqual("function_call"u8) => StopReasons.ToolUse,
        _ when finish.SequenceEqual("content_filter"u8) => StopReasons.Refusal,
        _ => StopReasons.EndTurn,
    };

    private static string? Utf8(ReadOnlySpan<byte> value) => value.IsEmpty ? null : Encoding.UTF8.GetString(value);
}

using System.Buffers;
using System.Text;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>
/// A Responses answer as Claude Code's (spec §E.2): a reasoning item → a thinking block (summary or raw reasoning
/// deltas; its <c>encrypted_content</c>, the upstream's own, as the signature), message text → a text block, a
/// function_call item → a tool_use block (long names mapped back) fed by the argument deltas, <c>response.completed</c>
/// / <c>.incomplete</c> → the stop reason and usage, <c>response.failed</c> / <c>error</c> → Anthropic's error event.
/// Events are told apart by their JSON <c>type</c>, not the SSE name.
/// </summary>
internal sealed class ResponsesToAnthropicResponse(AnthropicAnswer answer, ToolNameMap names) : SseResponseTranslator
{
    private readonly AnthropicOutput _output = answer.NewOutput();
    private readonly ResponsesEvent _event = new();
    private bool _itemHadDeltas;
    private int _summaryIndex;

    public override string ClientContentType => answer.ContentType;

    protected override void OnEnd(IBufferWriter<byte> client)
    {
        _output.Fail(client, AnthropicErrors.ApiError, "upstream stream ended before response.completed");
    }

    public override void TranslateBody(ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client) =>
        ResponsesBodyToAnthropic.Write(upstreamBody, _output, names, client);

    public override void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client) =>
        AnthropicErrors.Translate(status, upstreamBody, client);

    protected override void OnData(ReadOnlySpan<byte> data, IBufferWriter<byte> client)
    {
        if (_output.Ended || !_event.TryParse(data))
        {
            return;
        }

        var type = _event.Type;
        if (type.SequenceEqual("response.output_text.delta"u8) || type.SequenceEqual("response.refusal.delta"u8))
        {
            _itemHadDeltas = true;
            _output.Text(client, _event.Delta);
        }
        else if (type.SequenceEqual("response.reasoning_summary_text.delta"u8) || type.SequenceEqual("response.reasoning_text.delta"u8))
        {
            Thinking(client);
        }
        else if (type.SequenceEqual("response.function_call_arguments.delta"u8))
        {
            _output.ToolInput(client, _event.Delta);
        }
        else if (type.SequenceEqual("response.function_call_arguments.done"u8) && !_output.ToolInputSeen)
        {
            _output.ToolInput(client, ToolArguments.AsObjectText(_event.Arguments));
        }
        else if (type.SequenceEqual("response.output_item.added"u8))
        {
            ItemAdded(client);
        }
        else if (type.SequenceEqual("response.output_item.done"u8))
        {
            ItemDone(client);
        }
        else
        {
            OnResponse(type, client);
        }
    }

    private void OnResponse(ReadOnlySpan<byte> type, IBufferWriter<byte> client)
    {
        if (type.SequenceEqual("response.created"u8) || type.SequenceEqual("response.in_progress"u8))
        {
            _output.Start(client, default);
        }
        else if (type.SequenceEqual("response.completed"u8) || type.SequenceEqual("response.incomplete"u8))
        {
            _output.Stop(client, ResponsesStopReason.Of(_event.IncompleteReason), Usage(_event));
        }
        else if (type.SequenceEqual("response.failed"u8) || type.SequenceEqual("error"u8))
        {
            Fail(client, _event);
        }
    }

    private void Thinking(IBufferWriter<byte> client)
    {
        if (_itemHadDeltas && _event.SummaryIndex != _summaryIndex)
        {
            // Summary parts are separate paragraphs.
            _output.Thinking(client, "\n\n"u8);
        }

        _summaryIndex = _event.SummaryIndex;
        _itemHadDeltas = true;
        _output.Thinking(client, _event.Delta);
    }

    private void ItemAdded(IBufferWriter<byte> client)
    {
        _itemHadDeltas = false;
        _summaryIndex = 0;
        if (_event.ItemType.SequenceEqual("function_call"u8))
        {
            _output.ToolUse(client, Encoding.UTF8.GetString(_event.ItemCallId), names.Resolve(Encoding.UTF8.GetString(_event.ItemName)).Name);
        }
        else
        {
            _output.CloseBlock(client);
        }
    }

    private void ItemDone(IBufferWriter<byte> client)
    {
        var item = _event.ItemType;
        if (item.SequenceEqual("function_call"u8))
        {
            if (_output.OpenBlock != AnthropicBlock.ToolUse)
            {
                // No output_item.added was seen for it: the done item is the whole call.
                _output.ToolUse(client, Encoding.UTF8.GetString(_event.ItemCallId), names.Resolve(Encoding.UTF8.GetString(_event.ItemName)).Name);
            }

            if (!_output.ToolInputSeen)
            {
                _output.ToolInput(client, ToolArguments.AsObjectText(_event.ItemArguments));
            }
        }
        else if (item.SequenceEqual("reasoning"u8))
        {
            if (!_itemHadDeltas)
            {
                _output.Thinking(client, _event.ItemSummary);
            }

            _output.Signature(client, _event.ItemEncrypted);
        }
        else if (item.SequenceEqual("message"u8) && !_itemHadDeltas)
        {
            _output.Text(client, _event.ItemText);
        }

        _output.CloseBlock(client);
    }

    private void Fail(IBufferWriter<byte> client, ResponsesEvent failed)
    {
        var code = failed.ErrorCode.IsEmpty ? null : Encoding.UTF8.GetString(failed.ErrorCode);
        var message = failed.ErrorMessage.IsEmpty ? "upstream reported a failed response" : Encoding.UTF8.GetString(failed.ErrorMessage);
        var error = new UpstreamError(message, Type: null, Code: code);
        var (type, text) = AnthropicErrors.Classify(AnthropicErrors.TypeFor(code, null), error);
        _output.Fail(client, type, text);
    }

    private static AnthropicUsage Usage(ResponsesEvent terminal) =>
        AnthropicUsage.FromOpenAi(terminal.InputTokens, terminal.OutputTokens, terminal.CachedTokens);
}

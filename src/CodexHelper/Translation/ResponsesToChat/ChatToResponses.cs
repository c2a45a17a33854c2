using System.Buffers;
using System.Text;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Translation.ResponsesToChat;

/// <summary>
/// A Chat Completions answer as a Responses answer (spec B.3–B.8, G): chunks drive the Responses emitter; tool
/// calls are keyed by their chat index and opened once their id and name are known; the terminal event waits for
/// the usage chunk that follows <c>finish_reason</c>, or for <c>[DONE]</c>, or for the end of the stream.
/// </summary>
internal sealed class ChatToResponses : SseResponseTranslator
{
    private readonly ChatChunkReader _chunk = new();
    private readonly ResponsesEmitter _emitter;
    private readonly ResponsesToolSet _tools;
    private readonly Dictionary<int, PendingCall> _byIndex = [];
    private readonly List<PendingCall> _calls = [];
    private readonly HashSet<string> _callIds = new(StringComparer.Ordinal);
    private readonly bool _streaming;
    private string? _finishReason;
    private ResponsesUsage? _usage;

    public ChatToResponses(string model, bool streaming, long createdAt, ResponsesToolSet tools, bool incompleteEvent = false)
    {
        _streaming = streaming;
        _tools = tools;
        _emitter = new ResponsesEmitter(model, streaming, createdAt, incompleteEvent);
    }

    protected override bool Finished => _emitter.Finished;

    public override string ClientContentType => _streaming ? "text/event-stream" : "application/json";

    protected override void OnEnd(IBufferWriter<byte> client)
    {
        if (_emitter.Finished)
        {
            return;
        }

        if (_finishReason is not null)
        {
            // Ended without [DONE] after the answer was whole: as good as [DONE].
            Complete(client);
            return;
        }

        _emitter.Fail(client, ResponsesErrorCodes.ServerError, _emitter.HasOutput
            ? "upstream stream ended before the answer was finished (no finish_reason)"
            : "upstream stream ended before any answer");
    }

    public override void TranslateBody(ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client)
    {
        if (!_chunk.TryParse(upstreamBody))
        {
            _emitter.Fail(client, ResponsesErrorCodes.ServerError, "upstream answered with a body that is not a chat completion: " + Preview(upstreamBody));
            return;
        }

        OnChunk(client);
        if (!_emitter.Finished)
        {
            _finishReason ??= "stop";
            Complete(client);
        }
    }

    public override void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client) =>
        ResponsesErrors.Write(status, upstreamBody, client);

    protected override void OnData(ReadOnlySpan<byte> data, IBufferWriter<byte> client)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            if (_finishReason is null && !_emitter.HasOutput)
            {
                _emitter.Fail(client, ResponsesErrorCodes.ServerError, "upstream stream ended before any answer");
                return;
            }

            _finishReason ??= "stop";
            Complete(client);
            return;
        }

        if (!_chunk.TryParse(data))
        {
            _emitter.Fail(client, ResponsesErrorCodes.ServerError, "upstream sent an event that is not a chat chunk: " + Preview(data));
            return;
        }

        OnChunk(client);
    }

    private void OnChunk(IBufferWriter<byte> client)
    {
        if (_chunk.HasError)
        {
            var error = new UpstreamError(
                _chunk.ErrorMessage.IsEmpty ? "upstream reported an error" : Encoding.UTF8.GetString(_chunk.ErrorMessage),
                NullIfEmpty(_chunk.ErrorType),
                NullIfEmpty(_chunk.ErrorCode));
            _emitter.Fail(client, ResponsesErrorCodes.Classify(0, error), error.Message, _usage);
            return;
        }

        _emitter.Start(client, _chunk.Id, _chunk.Created);
        if (_chunk.HasUsage)
        {
            _usage = ResponsesUsage.FromChat(_chunk.Usage);
        }

        if (_chunk.HasChoice && _finishReason is null)
        {
            OnChoice(client);
        }

        if (_finishReason is not null && _chunk.HasUsage)
        {
            Complete(client);
        }
    }

    private void OnChoice(IBufferWriter<byte> client)
    {
        if (!_chunk.Reasoning.IsEmpty)
        {
            _emitter.Reasoning(client, _chunk.Reasoning);
        }

        _emitter.Text(client, _chunk.Content);
        for (var i = 0; i < _chunk.ToolCallCount; i++)
        {
            OnToolCall(client, _chunk.ToolCall(i));
        }

        if (!_chunk.FinishReason.IsEmpty)
        {
            _finishReason = Encoding.UTF8.GetString(_chunk.FinishReason);
            EndCalls(client, _finishReason is "length" or "max_tokens" or "content_filter" ? "incomplete" : "completed");
        }
    }

    private void OnToolCall(IBufferWriter<byte> client, ChatToolCallPiece piece)
    {
        // A relay that numbers every call 0 (or leaves index out) still gives each new call its own id.
        if (!_byIndex.TryGetValue(piece.Index, out var call) || (call.UpstreamId is not null && !piece.Id.IsEmpty && !piece.Id.SequenceEqual(call.UpstreamId)))
        {
            call = new PendingCall();
            _byIndex[piece.Index] = call;
            _calls.Add(call);
        }

        // First non-empty id and name win: later pieces repeat them empty or not at all.
        if (call.Id is null && !piece.Id.IsEmpty)
        {
            call.UpstreamId = piece.Id.ToArray();
            call.Id = Encoding.UTF8.GetString(piece.Id);
        }

        call.Name ??= NullIfEmpty(piece.Name);
        if (call.Item is { } open)
        {
            _emitter.CallArguments(client, open, piece.Arguments);
            return;
        }

        call.Held.Write(piece.Arguments);
        if (call.Id is not null && call.Name is not null)
        {
            Open(client, call);
        }
    }

    private void Open(IBufferWriter<byte> client, PendingCall call)
    {
        if (!_callIds.Add(call.Id!))
        {
            // Codex matches outputs to calls by id: two calls of one answer must not share it.
            call.Id = $"{call.Id}_{_calls.IndexOf(call)}";
            _callIds.Add(call.Id);
        }

        call.Item = _emitter.BeginCall(client, call.Id!, _tools.Names.Resolve(call.Name!));
        _emitter.CallArguments(client, call.Item, call.Held.WrittenSpan);
        call.Held.Clear();
    }

    private void EndCalls(IBufferWriter<byte> client, string status)
    {
        for (var index = 0; index < _calls.Count; index++)
        {
            var call = _calls[index];
            if (call.Item is null)
            {
                call.Id ??= $"call_{_emitter.ResponseId}_{index}";
                call.Name ??= _tools.SingleCustomUpstreamName ?? "unknown_tool";
                Open(client, call);
            }

            _emitter.EndCall(client, call.Item!, status);
        }
    }

    private void Complete(IBufferWriter<byte> client)
    {
        var (status, reason) = _finishReason switch
        {
            "length" or "max_tokens" => (ResponsesStatus.Incomplete, "max_output_tokens"),
            "content_filter" => (ResponsesStatus.Incomplete, "content_filter"),
            _ => (ResponsesStatus.Completed, (string?)null),
        };
        EndCalls(client, status == ResponsesStatus.Completed ? "completed" : "incomplete");
        _emitter.Complete(client, status, reason, _usage);
    }

    private static string? NullIfEmpty(ReadOnlySpan<byte> text) => text.IsEmpty ? null : Encoding.UTF8.GetString(text);

    private static string Preview(ReadOnlySpan<byte> data) => Encoding.UTF8.GetString(data.Length > 200 ? data[..200] : data);

    private sealed class PendingCall
    {
        public string? Id { get; set; }

        /// <summary>The id as the upstream sent it, to tell a new call from a repeat without decoding each piece.</summary>
        public byte[]? UpstreamId { get; set; }

        public string? Name { get; set; }

        /// <summary>Argument pieces that came before the id and name did.</summary>
        public ArrayBufferWriter<byte> Held { get; } = new(64);

        public OutputItem? Item { get; set; }
    }
}

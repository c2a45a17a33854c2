using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>
/// Writes a Responses answer for any upstream protocol: the driver says what the upstream produced (text,
/// reasoning, a tool call and its arguments, the end) and this writes the event stream Codex consumes, with
/// the framing the upstream lacks (item added/done, content parts, monotonic <c>sequence_number</c>, one terminal
/// event with the whole output and usage). When the client did not ask for a stream nothing is written until the
/// end, which writes the whole response body instead.
/// </summary>
internal sealed class ResponsesEmitter
{
    private readonly SseEventWriter _sse = new();
    private readonly List<OutputItem> _items = [];
    private readonly bool _streaming;
    private readonly string _model;
    private long _createdAt;
    private readonly bool _incompleteEvent;
    private int _sequence;
    private string _idStem = "";
    private OutputItem? _message;
    private OutputItem? _reasoning;

    /// <param name="model">The model name the client asked for (shown back to it).</param>
    /// <param name="streaming">Whether the client asked for an event stream.</param>
    /// <param name="createdAt">Unix seconds for <c>created_at</c> when the upstream gives none.</param>
    /// <param name="incompleteEvent">
    /// Whether a cut-short answer ends in <c>response.incomplete</c>. Codex (0.169) only finishes a turn on
    /// <c>response.completed</c>, so by default a cut-short answer is a <c>response.completed</c> whose status is
    /// <c>incomplete</c>: Codex keeps what arrived instead of failing the turn.
    /// </param>
    public ResponsesEmitter(string model, bool streaming, long createdAt, bool incompleteEvent = false)
    {
        _model = model;
        _streaming = streaming;
        _createdAt = createdAt;
        _incompleteEvent = incompleteEvent;
    }

    public string ResponseId { get; private set; } = "";

    public bool Started { get; private set; }

    /// <summary>Whether the terminal event (or body) was written.</summary>
    public bool Finished { get; private set; }

    /// <summary>Whether any output item was produced.</summary>
    public bool HasOutput => _items.Count > 0;

    /// <summary><c>response.created</c> + <c>response.in_progress</c>, once; the id follows the upstream's when it has one.</summary>
    public void Start(IBufferWriter<byte> client, ReadOnlySpan<byte> upstreamId = default, long createdAt = 0)
    {
        if (Started)
        {
            return;
        }

        Started = true;
        _createdAt = createdAt > 0 ? createdAt : _createdAt;
        var upstream = upstreamId.IsEmpty ? Guid.NewGuid().ToString("N") : Encoding.UTF8.GetString(upstreamId);
        _idStem = Sanitize(upstream.StartsWith("resp_", StringComparison.Ordinal) ? upstream[5..] : upstream);
        ResponseId = "resp_" + _idStem;
        WriteResponseEvent(client, "response.created"u8, "in_progress", null, null, null);
        WriteResponseEvent(client, "response.in_progress"u8, "in_progress", null, null, null);
    }

    public void Text(IBufferWriter<byte> client, ReadOnlySpan<byte> delta)
    {
        if (delta.IsEmpty)
        {
            return;
        }

        Start(client);
        EndReasoning(client);
        if (_message is null)
        {
            _message = Open(client, OutputItemKind.Message, "msg_");
            ContentPartEvent(client, "response.content_part.added"u8, _message);
        }

        _message.Append(delta);
        if (_streaming)
        {
            var w = Event(client, "response.output_text.delta"u8);
            ItemRef(w, _message);
            w.WriteNumber("content_index"u8, 0);
            w.WriteString("delta"u8, delta);
            w.WriteStartArray("logprobs"u8);
            w.WriteEndArray();
            EndEvent(w);
        }
    }

    /// <summary>A piece of the model's reasoning, shown to the client as a reasoning summary.</summary>
    public void Reasoning(IBufferWriter<byte> client, ReadOnlySpan<byte> delta)
    {
        Start(client);
        EndMessage(client);
        if (_reasoning is null)
        {
            _reasoning = Open(client, OutputItemKind.Reasoning, "rs_");
            _reasoning.HasSummaryPart = true;
            SummaryPartEvent(client, "response.reasoning_summary_part.added"u8, _reasoning);
        }

        if (delta.IsEmpty)
        {
            return;
        }

        _reasoning.Append(delta);
        if (_streaming)
        {
            var w = Event(client, "response.reasoning_summary_text.delta"u8);
            ItemRef(w, _reasoning);
            w.WriteNumber("summary_index"u8, 0);
            w.WriteString("delta"u8, delta);
            EndEvent(w);
        }
    }

    /// <summary>The opaque proof of the reasoning (Anthropic's signature): the client replays it as <c>encrypted_content</c>.</summary>
    public void ReasoningSignature(ReadOnlySpan<byte> signature)
    {
        var item = _reasoning ?? _items.LastOrDefault(i => i.Kind == OutputItemKind.Reasoning);
        if (item is not null && !signature.IsEmpty)
        {
            item.EncryptedContent = (item.EncryptedContent ?? "") + Encoding.UTF8.GetString(signature);
        }
    }

    /// <summary>A reasoning item with no visible text, carrying only an opaque payload (Anthropic's redacted thinking).</summary>
    public void OpaqueReasoning(IBufferWriter<byte> client, string encryptedContent)
    {
        Start(client);
        EndMessage(client);
        EndReasoning(client);
        var item = Open(client, OutputItemKind.Reasoning, "rs_");
        item.EncryptedContent = encryptedContent;
        Close(client, item, "completed");
    }

    /// <summary>Opens a tool call the client will run, in the form it declared the tool (function or custom).</summary>
    public OutputItem BeginCall(IBufferWriter<byte> client, string callId, ClientTool tool)
    {
        Start(client);
        EndReasoning(client);
        EndMessage(client);
        var custom = tool.Kind == ClientToolKind.Custom;
        var item = new OutputItem(custom ? OutputItemKind.CustomToolCall : OutputItemKind.FunctionCall, (custom ? "ctc_" : "fc_") + callId, _items.Count)
        {
            CallId = callId,
            Name = tool.Name,
            Namespace = tool.Namespace,
        };
        _items.Add(item);
        ItemEvent(client, "response.output_item.added"u8, item);
        return item;
    }

    /// <summary>A piece of a call's arguments (JSON text); streamed for function calls, held for custom ones until they close.</summary>
    public void CallArguments(IBufferWriter<byte> client, OutputItem call, ReadOnlySpan<byte> delta)
    {
        if (delta.IsEmpty || call.Done)
        {
            return;
        }

        call.Append(delta);
        if (_streaming && call.Kind == OutputItemKind.FunctionCall)
        {
            var w = Event(client, "response.function_call_arguments.delta"u8);
            ItemRef(w, call);
            w.WriteString("delta"u8, delta);
            EndEvent(w);
        }
    }

    public void EndCall(IBufferWriter<byte> client, OutputItem call, string status = "completed")
    {
        if (call.Done)
        {
            return;
        }

        if (call.Kind == OutputItemKind.CustomToolCall)
        {
            call.Input = CustomToolInput.Unwrap(call.Text.WrittenSpan);
        }
        else if (IsBlank(call.Text.WrittenSpan))
        {
            // A call without arguments streams nothing; the client parses the arguments as JSON.
            call.Text.Clear();
            call.Append("{}"u8);
        }

        Close(client, call, status);
    }

    public void EndMessage(IBufferWriter<byte> client, string status = "completed")
    {
        if (_message is { } message)
        {
            _message = null;
            Close(client, message, status);
        }
    }

    public void EndReasoning(IBufferWriter<byte> client, string status = "completed")
    {
        if (_reasoning is { } reasoning)
        {
            _reasoning = null;
            Close(client, reasoning, status);
        }
    }

    /// <summary>Closes every open item, then writes the terminal event (or the whole body) with the usage, once.</summary>
    public void Complete(IBufferWriter<byte> client, ResponsesStatus status, string? incompleteReason, ResponsesUsage? usage)
    {
        if (Finished)
        {
            return;
        }

        Start(client);
        var itemStatus = status == ResponsesStatus.Completed ? "completed" : "incomplete";
        EndOpen(client, itemStatus);
        Finished = true;
        var reason = status == ResponsesStatus.Completed ? null : incompleteReason ?? "max_output_tokens";
        if (!_streaming)
        {
            var body = _sse.BeginBody(client);
            WriteResponse(body, itemStatus, reason, usage, null);
            _sse.EndBody();
            return;
        }

        var type = status == ResponsesStatus.Incomplete && _incompleteEvent ? "response.incomplete"u8 : "response.completed"u8;
        WriteResponseEvent(client, type, itemStatus, reason, usage, null);
    }

    /// <summary>The answer broke off: <c>response.failed</c> with the code the client acts on (or the error body), once.</summary>
    public void Fail(IBufferWriter<byte> client, string code, string message, ResponsesUsage? usage = null)
    {
        if (Finished)
        {
            return;
        }

        Finished = true;
        if (!_streaming)
        {
            var body = _sse.BeginBody(client);
            ResponsesWriter.ErrorBody(body, message, "server_error", code);
            _sse.EndBody();
            return;
        }

        Start(client);
        WriteResponseEvent(client, "response.failed"u8, "failed", null, usage, (code, message));
    }

    private void EndOpen(IBufferWriter<byte> client, string status)
    {
        foreach (var item in _items)
        {
            if (item.Done)
            {
                continue;
            }

            if (item == _message)
            {
                EndMessage(client, status);
            }
            else if (item == _reasoning)
            {
                EndReasoning(client, status);
            }
            else
            {
                EndCall(client, item, status);
            }
        }
    }

    private OutputItem Open(IBufferWriter<byte> client, OutputItemKind kind, string prefix)
    {
        var item = new OutputItem(kind, prefix + _idStem + "_" + _items.Count, _items.Count);
        _items.Add(item);
        ItemEvent(client, "response.output_item.added"u8, item);
        return item;
    }

    private void Close(IBufferWriter<byte> client, OutputItem item, string status)
    {
        item.Done = true;
        item.Status = status;
        if (_streaming)
        {
            WriteDoneEvents(client, item);
        }

        ItemEvent(client, "response.output_item.done"u8, item);
    }

    private void WriteDoneEvents(IBufferWriter<byte> client, OutputItem item)
    {
        Utf8JsonWriter w;
        switch (item.Kind)
        {
            case OutputItemKind.Message:
                w = Event(client, "response.output_text.done"u8);
                ItemRef(w, item);
                w.WriteNumber("content_index"u8, 0);
                w.WriteString("text"u8, item.Text.WrittenSpan);
                w.WriteStartArray("logprobs"u8);
                w.WriteEndArray();
                EndEvent(w);
                ContentPartEvent(client, "response.content_part.done"u8, item);
                return;
            case OutputItemKind.Reasoning when item.HasSummaryPart:
                w = Event(client, "response.reasoning_summary_text.done"u8);
                ItemRef(w, item);
                w.WriteNumber("summary_index"u8, 0);
                w.WriteString("text"u8, item.Text.WrittenSpan);
                EndEvent(w);
                SummaryPartEvent(client, "response.reasoning_summary_part.done"u8, item);
                return;
            case OutputItemKind.FunctionCall:
                w = Event(client, "response.function_call_arguments.done"u8);
                ItemRef(w, item);
                w.WriteString("arguments"u8, item.Text.WrittenSpan);
                EndEvent(w);
                return;
            case OutputItemKind.CustomToolCall:
                WriteCustomInputEvents(client, item);
                return;
        }
    }

    private void WriteCustomInputEvents(IBufferWriter<byte> client, OutputItem item)
    {
        var input = item.Input ?? [];
        if (input.Length > 0)
        {
            var delta = Event(client, "response.custom_tool_call_input.delta"u8);
            ItemRef(delta, item);
            delta.WriteString("delta"u8, input);
            EndEvent(delta);
        }

        var w = Event(client, "response.custom_tool_call_input.done"u8);
        ItemRef(w, item);
        w.WriteString("input"u8, input);
        EndEvent(w);
    }

    private void ItemEvent(IBufferWriter<byte> client, ReadOnlySpan<byte> type, OutputItem item)
    {
        if (!_streaming)
        {
            return;
        }

        var w = Event(client, type);
        w.WriteNumber("output_index"u8, item.OutputIndex);
        w.WritePropertyName("item"u8);
        ResponsesWriter.Item(w, item);
        EndEvent(w);
    }

    private void ContentPartEvent(IBufferWriter<byte> client, ReadOnlySpan<byte> type, OutputItem item)
    {
        if (!_streaming)
        {
            return;
        }

        var w = Event(client, type);
        ItemRef(w, item);
        w.WriteNumber("content_index"u8, 0);
        w.WritePropertyName("part"u8);
        ResponsesWriter.TextPart(w, item.Done ? item.Text.WrittenSpan : default);
        EndEvent(w);
    }

    private void SummaryPartEvent(IBufferWriter<byte> client, ReadOnlySpan<byte> type, OutputItem item)
    {
        if (!_streaming)
        {
            return;
        }

        var w = Event(client, type);
        ItemRef(w, item);
        w.WriteNumber("summary_index"u8, 0);
        w.WriteStartObject("part"u8);
        w.WriteString("type"u8, "summary_text"u8);
        w.WriteString("text"u8, item.Done ? item.Text.WrittenSpan : default);
        w.WriteEndObject();
        EndEvent(w);
    }

    private void WriteResponseEvent(
        IBufferWriter<byte> client, ReadOnlySpan<byte> type, string status, string? reason, ResponsesUsage? usage, (string Code, string Message)? error)
    {
        if (!_streaming)
        {
            return;
        }

        var w = Event(client, type);
        w.WritePropertyName("response"u8);
        WriteResponse(w, status, reason, usage, error);
        EndEvent(w);
    }

    private void WriteResponse(Utf8JsonWriter w, string status, string? reason, ResponsesUsage? usage, (string Code, string Message)? error) =>
        ResponsesWriter.Response(w, new ResponseHead(ResponseId, _createdAt, status, _model), status == "in_progress" ? [] : _items, reason, usage, error);

    private Utf8JsonWriter Event(IBufferWriter<byte> client, ReadOnlySpan<byte> type)
    {
        var w = _sse.Begin(client, type);
        w.WriteStartObject();
        w.WriteString("type"u8, type);
        w.WriteNumber("sequence_number"u8, _sequence++);
        return w;
    }

    private void EndEvent(Utf8JsonWriter w)
    {
        w.WriteEndObject();
        _sse.End();
    }

    private static void ItemRef(Utf8JsonWriter w, OutputItem item)
    {
        w.WriteString("item_id"u8, item.Id);
        w.WriteNumber("output_index"u8, item.OutputIndex);
    }

    private static bool IsBlank(ReadOnlySpan<byte> text) => text.Trim(" \t\r\n"u8).IsEmpty;

    private static string Sanitize(string id)
    {
        var chars = id.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_' && chars[i] != '-')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}

using System.Text.Json;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Translation.ResponsesToChat;

/// <summary>
/// Responses <c>instructions</c> and <c>input</c> items as Chat messages: leading system/developer text merged
/// into one system message; consecutive calls in one assistant message; each tool output right after the calls it
/// answers (messages in between are held back until every awaited output is in, calls left unanswered get a stub
/// result, outputs without a call are dropped); reasoning carried to the next assistant message.
/// </summary>
internal sealed class ChatMessageBuilder(ToolNameMap names, List<string> dropped, bool replayReasoning)
{
    private readonly List<ChatMessage> _messages = [];
    private readonly List<ChatMessage> _deferred = [];
    private readonly List<JsonText> _system = [];
    private readonly HashSet<string> _awaiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _called = new(StringComparer.Ordinal);
    private readonly HashSet<string> _noted = new(StringComparer.Ordinal);
    private string? _pendingReasoning;
    private bool _leading = true;

    public List<ChatMessage> Build(JsonElement request)
    {
        if (RawJson.String(request, "instructions") is { } instructions && RawJson.Of(instructions).Length > 2)
        {
            _system.Add(JsonText.Of(instructions));
        }

        if (request.TryGetProperty("input", out var input))
        {
            if (input.ValueKind == JsonValueKind.String)
            {
                Add(new ChatMessage("user").WithText(JsonText.Of(input)));
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in input.EnumerateArray())
                {
                    AddItem(item);
                }
            }
        }

        FlushDeferred();
        if (_system.Count > 0)
        {
            _messages.Insert(0, new ChatMessage("system").WithText(JsonText.Join("\n\n", _system)));
        }

        return _messages;
    }

    private void AddItem(JsonElement item)
    {
        var type = ResponsesToolSet.Str(item, "type") ?? (item.TryGetProperty("role", out _) ? "message" : "");
        switch (type)
        {
            case "message":
                AddMessage(item);
                break;
            case "reasoning":
                var text = ResponsesInput.Reasoning(item);
                _pendingReasoning = string.IsNullOrEmpty(_pendingReasoning) ? text : _pendingReasoning + "\n" + text;
                break;
            case "function_call":
                AddCall(item, ResponsesToolSet.Str(item, "arguments") ?? "{}");
                break;
            case "custom_tool_call":
                AddCall(item, CustomToolInput.Wrap(ResponsesToolSet.Str(item, "input") ?? ""));
                break;
            case "function_call_output" or "custom_tool_call_output":
                AddOutput(item);
                break;
            case "additional_tools" or "web_search_call" or "item_reference":
                break;
            default:
                Note($"input item {type}: no equivalent on chat");
                break;
        }
    }

    private void AddMessage(JsonElement item)
    {
        var role = ResponsesToolSet.Str(item, "role") ?? "user";
        var content = item.TryGetProperty("content", out var c) ? c : default;
        if (role is "system" or "developer")
        {
            if (_leading)
            {
                _system.Add(ResponsesInput.RawText(content));
                return;
            }

            // Many chat upstreams reject a system or developer message after the first one.
            role = "user";
        }

        _leading = false;
        var message = new ChatMessage(role == "assistant" ? "assistant" : "user");
        AddContent(message, content);
        if (message.Role == "assistant")
        {
            FlushDeferred();
            message.Reasoning = TakeReasoning();
            _messages.Add(message);
        }
        else
        {
            Add(message);
        }
    }

    private void AddContent(ChatMessage message, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            message.WithText(JsonText.Of(content));
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var part in content.EnumerateArray())
        {
            var type = ResponsesToolSet.Str(part, "type");
            if (type == "input_image")
            {
                if (ResponsesInput.ImageUrl(part) is { } url)
                {
                    message.Parts.Add(new ChatPart(JsonText.Empty, url, ResponsesToolSet.Str(part, "detail")));
                }
            }
            else if (RawJson.String(part, "text") is { } text)
            {
                message.WithText(JsonText.Of(text));
            }
            else if (type is not null)
            {
                Note($"content {type}: no equivalent on chat");
            }
        }
    }

    private void AddCall(JsonElement item, string arguments)
    {
        _leading = false;
        var callId = ResponsesToolSet.Str(item, "call_id") ?? ResponsesToolSet.Str(item, "id") ?? "call_" + _called.Count;
        var name = names.ToUpstream(ResponsesToolSet.Str(item, "name") ?? "tool", ResponsesToolSet.Str(item, "namespace"));
        var last = _messages.Count > 0 ? _messages[^1] : null;
        if (last is not { Role: "assistant" } || _deferred.Count > 0)
        {
            // A new turn: the previous one's outputs (or messages held back) came in between.
            FlushDeferred();
            last = new ChatMessage("assistant") { Reasoning = TakeReasoning() };
            _messages.Add(last);
        }
        else if (_pendingReasoning is not null)
        {
            last.Reasoning = JoinReasoning(last.Reasoning, TakeReasoning());
        }

        last.ToolCalls.Add(new ChatToolCall(callId, name, string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments));
        _awaiting.Add(callId);
        _called.Add(callId);
    }

    private void AddOutput(JsonElement item)
    {
        var callId = ResponsesToolSet.Str(item, "call_id") ?? "";
        if (!_called.Contains(callId))
        {
            Note($"tool output {callId}: no call it answers");
            return;
        }

        _awaiting.Remove(callId);
        _messages.Add(new ChatMessage("tool") { ToolCallId = callId }.WithText(ResponsesInput.RawOutput(item)));
        var images = ResponsesInput.OutputImages(item).ToList();
        if (images.Count > 0)
        {
            // Tool messages take text only on most chat upstreams: the images follow as the user's.
            var carrier = new ChatMessage("user").WithText($"Images returned by tool call {callId}:");
            carrier.Parts.AddRange(images.Select(url => new ChatPart(JsonText.Empty, url, null)));
            _deferred.Add(carrier);
        }

        if (_awaiting.Count == 0)
        {
            FlushDeferred();
        }
    }

    /// <summary>A user message: held back while tool outputs are awaited, so each tool message follows its call.</summary>
    private void Add(ChatMessage message)
    {
        if (_awaiting.Count > 0)
        {
            _deferred.Add(message);
            return;
        }

        _messages.Add(message);
    }

    private void FlushDeferred()
    {
        AnswerUnanswered();
        _messages.AddRange(_deferred);
        _deferred.Clear();
    }

    private void AnswerUnanswered()
    {
        foreach (var callId in _awaiting)
        {
            _messages.Add(new ChatMessage("tool") { ToolCallId = callId }.WithText("(no output recorded for this call)"));
        }

        _awaiting.Clear();
    }

    private string? TakeReasoning()
    {
        var reasoning = _pendingReasoning;
        _pendingReasoning = null;
        return replayReasoning && !string.IsNullOrEmpty(reasoning) ? reasoning : null;
    }

    private static string? JoinReasoning(string? a, string? b) => string.IsNullOrEmpty(a) ? b : string.IsNullOrEmpty(b) ? a : a + "\n" + b;

    private void Note(string note)
    {
        if (_noted.Add(note))
        {
            dropped.Add(note);
        }
    }
}

using System.Text.Json;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>
/// Responses <c>instructions</c> and <c>input</c> items as Anthropic <c>system</c> and alternating messages
/// (spec E.1): leading system/developer text becomes the system blocks; items of one role in a row merge into one
/// message; calls become tool_use blocks and outputs tool_result blocks placed first in the next user message;
/// calls left unanswered get a stub result, results without a call are dropped; reasoning carrying an Anthropic
/// signature is replayed as a thinking block, any other reasoning is left out.
/// </summary>
internal sealed class AnthropicMessageBuilder(ToolNameMap names, List<string> dropped)
{
    /// <summary>Marks an <c>encrypted_content</c> that holds redacted thinking data rather than a signature.</summary>
    public const string RedactedMarker = "anthropic-redacted:";

    private readonly List<AnthropicMessage> _messages = [];
    private readonly HashSet<string> _awaiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _called = new(StringComparer.Ordinal);
    private readonly HashSet<string> _noted = new(StringComparer.Ordinal);
    private bool _leading = true;

    public List<JsonText> System { get; } = [];

    public List<AnthropicMessage> Build(JsonElement request)
    {
        if (RawJson.String(request, "instructions") is { } instructions && RawJson.Of(instructions).Length > 2)
        {
            System.Add(JsonText.Of(instructions));
        }

        if (request.TryGetProperty("input", out var input))
        {
            if (input.ValueKind == JsonValueKind.String)
            {
                Add("user", new AnthropicBlock(AnthropicBlockKind.Text, input.GetString() ?? ""));
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in input.EnumerateArray())
                {
                    AddItem(item);
                }
            }
        }

        AnswerUnanswered();
        _messages.RemoveAll(m => m.Count == 0);
        if (_messages.Count == 0 || _messages[0].Role != "user")
        {
            // Anthropic wants at least one message, and the first from the user.
            var opener = new AnthropicMessage("user");
            opener.Blocks.Add(new AnthropicBlock(AnthropicBlockKind.Text, "(continue)"));
            _messages.Insert(0, opener);
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
                AddReasoning(item);
                break;
            case "function_call":
                AddCall(item, ParseArguments(ResponsesToolSet.Str(item, "arguments")));
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
                Note($"input item {type}: no equivalent on anthropic");
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
                System.Add(ResponsesInput.RawText(content));
                return;
            }

            role = "user";
        }

        _leading = false;
        role = role == "assistant" ? "assistant" : "user";
        if (content.ValueKind == JsonValueKind.String)
        {
            Add(role, new AnthropicBlock(AnthropicBlockKind.Text, content.GetString() ?? ""));
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var part in content.EnumerateArray())
        {
            if (ResponsesToolSet.Str(part, "type") == "input_image" && ResponsesInput.ImageUrl(part) is { } url)
            {
                Add(role, new AnthropicBlock(AnthropicBlockKind.Image, url));
            }
            else if (ResponsesToolSet.Str(part, "text") is { } text)
            {
                Add(role, new AnthropicBlock(AnthropicBlockKind.Text, text));
            }
            else if (ResponsesToolSet.Str(part, "type") is { } other)
            {
                Note($"content {other}: no equivalent on anthropic");
            }
        }
    }

    private void AddReasoning(JsonElement item)
    {
        var encrypted = ResponsesToolSet.Str(item, "encrypted_content");
        if (string.IsNullOrEmpty(encrypted) || encrypted.StartsWith("gAAAA", StringComparison.Ordinal))
        {
            // No signature, or OpenAI's opaque payload: Anthropic rejects a thinking block it did not sign.
            return;
        }

        var block = encrypted.StartsWith(RedactedMarker, StringComparison.Ordinal)
            ? new AnthropicBlock(AnthropicBlockKind.RedactedThinking, encrypted[RedactedMarker.Length..])
            : new AnthropicBlock(AnthropicBlockKind.Thinking, ResponsesInput.Reasoning(item), Extra: encrypted);
        Add("assistant", block);
    }

    private void AddCall(JsonElement item, string inputJson)
    {
        _leading = false;
        var callId = AnthropicIds.Sanitize(ResponsesToolSet.Str(item, "call_id") ?? ResponsesToolSet.Str(item, "id") ?? "call_" + _called.Count);
        var name = names.ToUpstream(ResponsesToolSet.Str(item, "name") ?? "tool", ResponsesToolSet.Str(item, "namespace"));
        Add("assistant", new AnthropicBlock(AnthropicBlockKind.ToolUse, "", callId, name, inputJson));
        _awaiting.Add(callId);
        _called.Add(callId);
    }

    private void AddOutput(JsonElement item)
    {
        var callId = AnthropicIds.Sanitize(ResponsesToolSet.Str(item, "call_id") ?? "");
        if (!_called.Contains(callId) || !_awaiting.Remove(callId))
        {
            Note($"tool output {callId}: no call it answers");
            return;
        }

        var images = ResponsesInput.OutputImages(item).ToList();
        UserMessage().Results.Add(new AnthropicBlock(AnthropicBlockKind.ToolResult, ResponsesInput.Output(item), callId, Images: images));
    }

    private void Add(string role, AnthropicBlock block)
    {
        if (block.Kind == AnthropicBlockKind.Text && block.Text.Length == 0)
        {
            // Anthropic rejects empty text blocks.
            return;
        }

        if (role == "assistant" && _messages.Count > 0 && _messages[^1].Role == "user")
        {
            AnswerUnanswered();
        }

        var message = role == "user" ? UserMessage() : Last("assistant");
        message.Blocks.Add(block);
    }

    /// <summary>The user message to add to: the last one, or a new one after the assistant's.</summary>
    private AnthropicMessage UserMessage() => Last("user");

    private AnthropicMessage Last(string role)
    {
        if (_messages.Count > 0 && _messages[^1].Role == role)
        {
            return _messages[^1];
        }

        var message = new AnthropicMessage(role);
        _messages.Add(message);
        return message;
    }

    private void AnswerUnanswered()
    {
        if (_awaiting.Count == 0)
        {
            return;
        }

        var user = UserMessage();
        foreach (var callId in _awaiting)
        {
            user.Results.Add(new AnthropicBlock(AnthropicBlockKind.ToolResult, "(no output recorded for this call)", callId));
        }

        _awaiting.Clear();
    }

    private static string ParseArguments(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return "{}";
        }

        try
        {
            using var parsed = JsonDocument.Parse(arguments);
            return parsed.RootElement.ValueKind == JsonValueKind.Object ? arguments : "{}";
        }
        catch (JsonException)
        {
            return "{}";
        }
    }

    private void Note(string note)
    {
        if (_noted.Add(note))
        {
            dropped.Add(note);
        }
    }
}

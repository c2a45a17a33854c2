using System.Text.Json;

namespace CodexHelper.Conversations;

/// <summary>
/// Takes out of a Messages request every <c>thinking</c> / <c>redacted_thinking</c> block whose signature (or data) the
/// filter removes, and what the API then demands: with thinking on, an assistant turn that called a tool must open
/// with its thinking block, so when the last such turn lost it, thinking is turned off for this request (a signature
/// is never made up). A turn left with no block at all gets a short text block, since empty content is refused.
/// </summary>
internal static class AnthropicStateCleaner
{
    private static readonly byte[] Disabled = """{"type":"disabled"}"""u8.ToArray();

    /// <param name="anthropicUpstream">The request goes to an Anthropic upstream as it is (thinking rules apply); false when it is translated next.</param>
    public static CleanedBody Clean(ReadOnlyMemory<byte> body, StateFilter filter, bool anthropicUpstream)
    {
        var reader = new Utf8JsonReader(body.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return CleanedBody.Untouched(body);
        }

        var edits = new BodyEdits();
        var messages = new MessagesResult();
        (int Start, int End)? thinking = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("messages"u8) ? 1 : reader.ValueTextEquals("thinking"u8) ? 2 : 0;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (name == 1 && reader.TokenType == JsonTokenType.StartArray)
            {
                messages = CleanMessages(ref reader, body.Span, filter, edits);
                continue;
            }

            reader.Skip();
            if (name == 2 && reader.TokenType == JsonTokenType.EndObject)
            {
                thinking = (start, (int)reader.BytesConsumed);
            }
        }

        if (messages.Removed == 0)
        {
            return CleanedBody.Untouched(body);
        }

        var disable = anthropicUpstream && messages.LastAssistantLostThinkingBeforeTool && thinking is not null;
        if (disable)
        {
            edits.Replace(thinking!.Value.Start, thinking.Value.End, Disabled);
        }

        return new CleanedBody(edits.Apply(body.Span), messages.Removed, disable);
    }

    private record struct MessagesResult(int Removed, bool LastAssistantLostThinkingBeforeTool);

    private static MessagesResult CleanMessages(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, StateFilter filter, BodyEdits edits)
    {
        var result = new MessagesResult();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var message = CleanMessage(ref reader, body, filter, edits);
            result.Removed += message.Removed;
            if (message.Assistant)
            {
                result.LastAssistantLostThinkingBeforeTool = message.Removed > 0 && message.HasToolUse;
            }
        }

        return result;
    }

    private record struct MessageResult(bool Assistant, int Removed, bool HasToolUse);

    private static MessageResult CleanMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, StateFilter filter, BodyEdits edits)
    {
        var result = new MessageResult();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("role"u8) ? 1 : reader.ValueTextEquals("content"u8) ? 2 : 0;
            reader.Read();
            if (name == 1 && reader.TokenType == JsonTokenType.String)
            {
                result.Assistant = reader.ValueTextEquals("assistant"u8);
            }
            else if (name == 2 && reader.TokenType == JsonTokenType.StartArray)
            {
                (result.Removed, result.HasToolUse) = CleanContent(ref reader, body, filter, edits);
            }
            else
            {
                reader.Skip();
            }
        }

        return result;
    }

    private static (int Removed, bool HasToolUse) CleanContent(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, StateFilter filter, BodyEdits edits)
    {
        var arrayStart = (int)reader.TokenStartIndex;
        var kept = new List<(int, int)>();
        var removed = 0;
        var toolUse = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            var block = reader.TokenType == JsonTokenType.StartObject ? ReadBlock(ref reader) : SkipBlock(ref reader);
            toolUse |= block.Kind == BlockKind.ToolUse;
            if (block.Kind == BlockKind.Thinking && (filter.All || (block.Hash is { } h && filter.Removes(h))))
            {
                removed++;
            }
            else
            {
                kept.Add((start, (int)reader.BytesConsumed));
            }
        }

        if (removed > 0)
        {
            edits.KeepOnly(body, arrayStart, (int)reader.BytesConsumed, kept, """{"type":"text","text":"(reasoning left out: it was made by another upstream)"}"""u8);
        }

        return (removed, toolUse);
    }

    private enum BlockKind : byte
    {
        Other,
        Thinking,
        ToolUse,
    }

    private record struct Block(BlockKind Kind, ulong? Hash);

    /// <summary>One content block: its kind, and the fingerprint of a thinking block's signature or a redacted block's data.</summary>
    private static Block ReadBlock(ref Utf8JsonReader reader)
    {
        var kind = BlockKind.Other;
        ulong? signature = null, data = null;
        var redacted = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("signature"u8) ? 2 : reader.ValueTextEquals("data"u8) ? 3 : 0;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }

            switch (name)
            {
                case 1:
                    redacted = reader.ValueTextEquals("redacted_thinking"u8);
                    kind = redacted || reader.ValueTextEquals("thinking"u8) ? BlockKind.Thinking : reader.ValueTextEquals("tool_use"u8) ? BlockKind.ToolUse : BlockKind.Other;
                    break;
                case 2 when !StateHash.IsEmpty(ref reader):
                    signature = StateHash.Of(ref reader);
                    break;
                case 3 when !StateHash.IsEmpty(ref reader):
                    data = StateHash.Of(ref reader);
                    break;
            }
        }

        return new Block(kind, redacted ? data : signature);
    }

    private static Block SkipBlock(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return default;
    }
}

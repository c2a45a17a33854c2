using System.Text.Json;

namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>Writes Anthropic messages and their content blocks.</summary>
internal static class AnthropicBlockWriter
{
    public static void CacheControl(Utf8JsonWriter w)
    {
        w.WriteStartObject("cache_control"u8);
        w.WriteString("type"u8, "ephemeral"u8);
        w.WriteEndObject();
    }

    public static void Messages(Utf8JsonWriter w, List<AnthropicMessage> messages)
    {
        // A breakpoint on the newest user turn lets the next turn read the whole conversation from the cache.
        var lastUser = messages.FindLastIndex(m => m.Role == "user");
        w.WriteStartArray("messages"u8);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            w.WriteStartObject();
            w.WriteString("role"u8, message.Role);
            w.WriteStartArray("content"u8);
            var blocks = message.All.ToList();
            for (var b = 0; b < blocks.Count; b++)
            {
                Block(w, blocks[b], i == lastUser && b == blocks.Count - 1);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Block(Utf8JsonWriter w, AnthropicBlock block, bool cache)
    {
        w.WriteStartObject();
        switch (block.Kind)
        {
            case AnthropicBlockKind.Text:
                w.WriteString("type"u8, "text"u8);
                w.WriteString("text"u8, block.Text);
                break;
            case AnthropicBlockKind.Image:
                Image(w, block.Text);
                break;
            case AnthropicBlockKind.ToolUse:
                w.WriteString("type"u8, "tool_use"u8);
                w.WriteString("id"u8, block.Id);
                w.WriteString("name"u8, block.Name);
                w.WritePropertyName("input"u8);
                w.WriteRawValue(block.Extra ?? "{}");
                break;
            case AnthropicBlockKind.ToolResult:
                ToolResult(w, block);
                break;
            case AnthropicBlockKind.Thinking:
                w.WriteString("type"u8, "thinking"u8);
                w.WriteString("thinking"u8, block.Text);
                w.WriteString("signature"u8, block.Extra);
                break;
            case AnthropicBlockKind.RedactedThinking:
                w.WriteString("type"u8, "redacted_thinking"u8);
                w.WriteString("data"u8, block.Text);
                break;
        }

        // Thinking blocks cannot carry a breakpoint.
        if (cache && block.Kind is not (AnthropicBlockKind.Thinking or AnthropicBlockKind.RedactedThinking))
        {
            CacheControl(w);
        }

        w.WriteEndObject();
    }

    private static void ToolResult(Utf8JsonWriter w, AnthropicBlock block)
    {
        w.WriteString("type"u8, "tool_result"u8);
        w.WriteString("tool_use_id"u8, block.Id);
        if (block.Images is not { Count: > 0 } images)
        {
            w.WriteString("content"u8, block.Text);
            return;
        }

        w.WriteStartArray("content"u8);
        if (block.Text.Length > 0)
        {
            w.WriteStartObject();
            w.WriteString("type"u8, "text"u8);
            w.WriteString("text"u8, block.Text);
            w.WriteEndObject();
        }

        foreach (var url in images)
        {
            w.WriteStartObject();
            Image(w, url);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>A data URL as a base64 source, anything else as a url source.</summary>
    private static void Image(Utf8JsonWriter w, string url)
    {
        w.WriteString("type"u8, "image"u8);
        w.WriteStartObject("source"u8);
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (url.StartsWith("data:", StringComparison.Ordinal) && comma > 0 && url[..comma].EndsWith(";base64", StringComparison.Ordinal))
        {
            w.WriteString("type"u8, "base64"u8);
            w.WriteString("media_type"u8, url[5..(comma - 7)]);
            w.WriteString("data"u8, url[(comma + 1)..]);
        }
        else
        {
            w.WriteString("type"u8, "url"u8);
            w.WriteString("url"u8, url);
        }

        w.WriteEndObject();
    }
}

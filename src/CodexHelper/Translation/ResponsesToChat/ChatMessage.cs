namespace CodexHelper.Translation.ResponsesToChat;

/// <summary>One Chat message being built from Responses input items, before it is written.</summary>
internal sealed class ChatMessage(string role)
{
    public string Role { get; } = role;

    /// <summary>Text parts and image URLs, in order (<see cref="ChatPart.ImageUrl"/> null for text).</summary>
    public List<ChatPart> Parts { get; } = [];

    public List<ChatToolCall> ToolCalls { get; } = [];

    /// <summary>For a tool message: the call it answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>For an assistant message: the reasoning that led to it, replayed as <c>reasoning_content</c>.</summary>
    public string? Reasoning { get; set; }

    public bool HasImages => Parts.Exists(p => p.ImageUrl is not null);

    public JsonText Text => JsonText.Join("\n", Parts.Where(p => p.ImageUrl is null).Select(p => p.Text));

    public ChatMessage WithText(string text) => WithText(JsonText.Of(text));

    public ChatMessage WithText(JsonText text)
    {
        Parts.Add(new ChatPart(text, null, null));
        return this;
    }
}

/// <summary>A piece of message content: text, or an image by URL (with its detail level).</summary>
internal readonly record struct ChatPart(JsonText Text, string? ImageUrl, string? Detail);

/// <summary>A past tool call replayed in an assistant message.</summary>
internal readonly record struct ChatToolCall(string Id, string Name, string Arguments);

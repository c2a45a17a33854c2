namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>What an Anthropic content block is.</summary>
internal enum AnthropicBlockKind
{
    Text,
    Image,
    ToolUse,
    ToolResult,
    Thinking,
    RedactedThinking,
}

/// <summary>
/// One content block being built. <see cref="Text"/> is the text, image URL, thinking text or redacted data;
/// <see cref="Id"/> the tool_use id (or the tool_result's tool_use_id); <see cref="Extra"/> a tool_use's input JSON
/// or a thinking block's signature; <see cref="Images"/> the images a tool result carries.
/// </summary>
internal sealed record AnthropicBlock(AnthropicBlockKind Kind, string Text, string? Id = null, string? Name = null, string? Extra = null, IReadOnlyList<string>? Images = null);

/// <summary>One Anthropic message: its role, its tool results (which must come first) and its other blocks.</summary>
internal sealed class AnthropicMessage(string role)
{
    public string Role { get; } = role;

    public List<AnthropicBlock> Results { get; } = [];

    public List<AnthropicBlock> Blocks { get; } = [];

    public int Count => Results.Count + Blocks.Count;

    public IEnumerable<AnthropicBlock> All => Results.Concat(Blocks);
}

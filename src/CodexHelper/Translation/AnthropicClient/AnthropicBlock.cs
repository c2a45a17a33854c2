namespace CodexHelper.Translation.AnthropicClient;

/// <summary>The kinds of content block a translated answer can hold.</summary>
internal enum AnthropicBlock
{
    None,
    Text,
    Thinking,
    ToolUse,
}

/// <summary>What a <c>content_block_delta</c> carries.</summary>
internal enum AnthropicDelta
{
    Text,
    Thinking,
    Signature,
    InputJson,
}

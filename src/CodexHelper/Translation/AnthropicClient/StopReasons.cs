namespace CodexHelper.Translation.AnthropicClient;

/// <summary>The <c>stop_reason</c> values Claude Code acts on (it runs tools only on <see cref="ToolUse"/>).</summary>
internal static class StopReasons
{
    public const string EndTurn = "end_turn";
    public const string MaxTokens = "max_tokens";
    public const string ToolUse = "tool_use";
    public const string Refusal = "refusal";
}

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>
/// Usage as a Responses client reads it: <see cref="InputTokens"/> includes <see cref="CachedTokens"/>, and
/// <see cref="OutputTokens"/> includes <see cref="ReasoningTokens"/>. Codex requires every field as an integer.
/// </summary>
internal readonly record struct ResponsesUsage(long InputTokens, long OutputTokens, long TotalTokens, long CachedTokens, long ReasoningTokens)
{
    public static ResponsesUsage FromChat(ChatUsage usage) =>
        new(usage.PromptTokens, usage.CompletionTokens, usage.Total, usage.CachedTokens, usage.ReasoningTokens);
}

namespace CodexHelper.Translation;

/// <summary>
/// Token counts as a Chat Completions upstream reports them. <see cref="PromptTokens"/> includes
/// <see cref="CachedTokens"/> (the OpenAI convention); <see cref="TotalTokens"/> is 0 when the upstream sent none.
/// </summary>
internal readonly record struct ChatUsage(
    long PromptTokens,
    long CompletionTokens,
    long TotalTokens,
    long CachedTokens,
    long ReasoningTokens)
{
    /// <summary>The upstream's total, or prompt + completion when it sent none.</summary>
    public long Total => TotalTokens > 0 ? TotalTokens : PromptTokens + CompletionTokens;
}

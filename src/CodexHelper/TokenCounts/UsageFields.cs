namespace CodexHelper.TokenCounts;

/// <summary>
/// The raw counters of one <c>usage</c> object, exactly as the wire named them (null = absent).
/// Every protocol's field names live side by side because they never collide, which lets one
/// parser serve all three wire formats without knowing which one it is reading.
/// </summary>
internal struct UsageFields
{
    public long? InputTokens;              // Responses, Anthropic
    public long? OutputTokens;             // Responses, Anthropic
    public long? PromptTokens;             // Chat Completions
    public long? CompletionTokens;         // Chat Completions
    public long? TotalTokens;              // Responses, Chat Completions
    public long? CacheReadInputTokens;     // Anthropic
    public long? CacheCreationInputTokens; // Anthropic
    public long? CacheCreation1hTokens;    // Anthropic cache_creation.ephemeral_1h_input_tokens
    public long? CachedTokens;             // input_tokens_details / prompt_tokens_details .cached_tokens
    public long? PromptCacheHitTokens;     // DeepSeek-style Chat Completions
    public long? ReasoningTokens;          // output_tokens_details / completion_tokens_details .reasoning_tokens
}

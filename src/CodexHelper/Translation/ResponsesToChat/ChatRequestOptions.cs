namespace CodexHelper.Translation.ResponsesToChat;

/// <summary>Per-upstream choices for the Chat body (spec Appendix 2).</summary>
/// <param name="MaxCompletionTokens">Send <c>max_completion_tokens</c> (OpenAI reasoning models) instead of <c>max_tokens</c>.</param>
/// <param name="IncludeUsage">Ask for usage with <c>stream_options.include_usage</c> (a few relays reject the field).</param>
/// <param name="ReplayReasoning">Carry past reasoning as <c>reasoning_content</c> (DeepSeek thinking mode needs it).</param>
/// <param name="MaxOutputTokens">Cap on the output tokens asked for (the client's own, or this when it sent none), for models with a lower limit.</param>
/// <param name="Reasoning">Send <c>reasoning_effort</c> (models without reasoning reject it).</param>
internal sealed record ChatRequestOptions(bool MaxCompletionTokens = false, bool IncludeUsage = true, bool ReplayReasoning = true, int? MaxOutputTokens = null, bool Reasoning = true);

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>
/// What differs between Chat Completions upstreams (spec Appendix 2) that the request mapping must know. The defaults
/// suit OpenAI-compatible relays.
/// </summary>
/// <param name="MaxOutputTokens">The upstream model's output limit: <c>max_tokens</c> above it (Claude Code asks for 64000) is lowered to it. Null keeps the client's value.</param>
/// <param name="MaxCompletionTokens">Send <c>max_completion_tokens</c> (OpenAI reasoning models) instead of <c>max_tokens</c> (most relays).</param>
/// <param name="StreamOptions">Send <c>stream_options.include_usage</c> when streaming; without it Claude Code sees no usage. Some relays reject the field.</param>
/// <param name="NullToolCallContent">An assistant message holding only tool calls gets <c>content: null</c> (OpenAI's form); false sends <c>""</c> for relays that reject null.</param>
/// <param name="SystemMidConversation">A <c>system</c> message inside the conversation stays a system message in place; false makes it a user message for relays that reject a non-leading system.</param>
internal sealed record ChatUpstreamOptions(
    int? MaxOutputTokens = null,
    bool MaxCompletionTokens = false,
    bool StreamOptions = true,
    bool NullToolCallContent = true,
    bool SystemMidConversation = true)
{
    public static ChatUpstreamOptions Default { get; } = new();
}

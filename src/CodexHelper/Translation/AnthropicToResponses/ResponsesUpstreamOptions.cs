namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>What differs between Responses upstreams that the request mapping must know.</summary>
/// <param name="MaxOutputTokens">The upstream model's output limit: Claude Code's <c>max_tokens</c> (64000) above it is lowered to it.</param>
/// <param name="SendMaxOutputTokens">Send <c>max_output_tokens</c>; the ChatGPT/Codex backend rejects the field.</param>
/// <param name="Reasoning">Send <c>reasoning</c> (effort, summary) and ask for its encrypted content; false for non-reasoning models, which answer 400.</param>
internal sealed record ResponsesUpstreamOptions(int? MaxOutputTokens = null, bool SendMaxOutputTokens = true, bool Reasoning = true)
{
    public static ResponsesUpstreamOptions Default { get; } = new();
}

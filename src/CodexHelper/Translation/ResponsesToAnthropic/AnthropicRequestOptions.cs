namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>Per-upstream choices for the Anthropic body (spec Appendix 2).</summary>
/// <param name="DefaultMaxTokens">
/// The <c>max_tokens</c> Anthropic requires when the client sent no <c>max_output_tokens</c> (Codex never does);
/// lower it for relays whose models cap output below it.
/// </param>
/// <param name="MaxTokensCap">A limit on what the client asked for too (the upstream's models stop lower); null: none.</param>
/// <param name="Reasoning">Turn the client's reasoning effort into a thinking budget (models without thinking reject it).</param>
internal sealed record AnthropicRequestOptions(int DefaultMaxTokens = AnthropicRequestOptions.StandardMaxTokens, int? MaxTokensCap = null, bool Reasoning = true)
{
    public const int StandardMaxTokens = 32000;
}

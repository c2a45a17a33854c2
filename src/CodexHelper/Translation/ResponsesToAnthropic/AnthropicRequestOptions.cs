namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>Per-upstream choices for the Anthropic body (spec Appendix 2).</summary>
/// <param name="DefaultMaxTokens">
/// The <c>max_tokens</c> Anthropic requires when the client sent no <c>max_output_tokens</c> (Codex never does);
/// lower it for relays whose models cap output below it.
/// </param>
internal sealed record AnthropicRequestOptions(int DefaultMaxTokens = AnthropicRequestOptions.StandardMaxTokens)
{
    public const int StandardMaxTokens = 32000;
}

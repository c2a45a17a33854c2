namespace CodexHelper.Translation;

/// <summary>
/// What one upstream needs of a translated request (config.json's per-upstream <c>"translation"</c> object), the
/// same knobs for every direction; each translation reads the ones its upstream protocol has.
/// </summary>
/// <param name="MaxOutputTokens">Cap on the output tokens asked for (Claude Code asks for 64000; many chat models stop at 8192).</param>
/// <param name="Reasoning">Send the client's reasoning effort (<c>reasoning_effort</c>, a thinking budget); false for models without reasoning, which reject it.</param>
/// <param name="StreamUsage">Ask a Chat upstream for usage with <c>stream_options.include_usage</c>; false for the few relays that reject the field.</param>
/// <param name="MaxCompletionTokens">Name the cap <c>max_completion_tokens</c> (OpenAI's reasoning models) instead of <c>max_tokens</c>.</param>
internal sealed record TranslationOptions(int? MaxOutputTokens = null, bool Reasoning = true, bool StreamUsage = true, bool MaxCompletionTokens = false)
{
    public static TranslationOptions Default { get; } = new();
}

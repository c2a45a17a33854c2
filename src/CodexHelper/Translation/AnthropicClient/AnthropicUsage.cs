namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// Token counts the way Anthropic reports them: <see cref="Input"/> excludes cache reads and writes, which are
/// counted apart (OpenAI-family upstreams count cached tokens inside the prompt, so they are subtracted here).
/// </summary>
internal readonly record struct AnthropicUsage(long Input, long Output, long CacheRead, long CacheCreation)
{
    /// <summary>From an OpenAI-style report whose prompt count includes the cached tokens.</summary>
    public static AnthropicUsage FromOpenAi(long prompt, long completion, long cached) =>
        new(Math.Max(0, prompt - cached), completion, Math.Max(0, cached), 0);
}

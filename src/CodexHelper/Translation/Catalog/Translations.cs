using CodexHelper.Translation.AnthropicToChat;
using CodexHelper.Translation.AnthropicToResponses;
using CodexHelper.Translation.ResponsesToAnthropic;
using CodexHelper.Translation.ResponsesToChat;
using CodexHelper.Wire;

namespace CodexHelper.Translation.Catalog;

/// <summary>
/// Which translation serves a client speaking one protocol through an upstream speaking another. Null when the
/// two are the same (the answer is relayed as it is) or when no translator exists for the pair.
/// </summary>
internal static class Translations
{
    public static ITranslation? For(WireProtocol client, WireProtocol upstream, TranslationOptions? options = null)
    {
        var o = options ?? TranslationOptions.Default;
        return (client, upstream) switch
        {
            _ when client == upstream => null,
            (WireProtocol.Responses, WireProtocol.Chat) => new ResponsesToChatTranslation(
                new ChatRequestOptions(MaxCompletionTokens: o.MaxCompletionTokens, IncludeUsage: o.StreamUsage, MaxOutputTokens: o.MaxOutputTokens, Reasoning: o.Reasoning)),
            (WireProtocol.Anthropic, WireProtocol.Chat) => new AnthropicToChatTranslation(
                new ChatUpstreamOptions(MaxOutputTokens: o.MaxOutputTokens, MaxCompletionTokens: o.MaxCompletionTokens, StreamOptions: o.StreamUsage, ReasoningEffort: o.Reasoning)),
            (WireProtocol.Responses, WireProtocol.Anthropic) => new ResponsesToAnthropicTranslation(new AnthropicRequestOptions(
                DefaultMaxTokens: o.MaxOutputTokens ?? AnthropicRequestOptions.StandardMaxTokens, MaxTokensCap: o.MaxOutputTokens, Reasoning: o.Reasoning)),
            (WireProtocol.Anthropic, WireProtocol.Responses) => new AnthropicToResponsesTranslation(
                new ResponsesUpstreamOptions(MaxOutputTokens: o.MaxOutputTokens, Reasoning: o.Reasoning)),
            _ => null,
        };
    }
}

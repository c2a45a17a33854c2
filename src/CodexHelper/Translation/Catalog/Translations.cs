using CodexHelper.Translation.AnthropicToChat;
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
    public static ITranslation? For(WireProtocol client, WireProtocol upstream) => (client, upstream) switch
    {
        _ when client == upstream => null,
        (WireProtocol.Responses, WireProtocol.Chat) => new ResponsesToChatTranslation(),
        (WireProtocol.Anthropic, WireProtocol.Chat) => new AnthropicToChatTranslation(),
        (WireProtocol.Responses, WireProtocol.Anthropic) => new ResponsesToAnthropicTranslation(),
        _ => null,
    };
}

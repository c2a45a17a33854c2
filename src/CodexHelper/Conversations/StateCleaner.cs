using System.Text.Json;
using CodexHelper.Wire;

namespace CodexHelper.Conversations;

/// <summary>
/// Step 3a's cleaning, on the client's body before any translation: provider-bound state goes only to the upstream
/// that can read it. A Chat upstream is left to its translator, which drops every signature (Chat has none to
/// check) but keeps the reasoning text that DeepSeek-style upstreams want back; removing the items here would lose it.
/// </summary>
internal static class StateCleaner
{
    public static CleanedBody Clean(ReadOnlyMemory<byte> body, WireProtocol client, WireProtocol upstream, StateFilter filter)
    {
        if (upstream == WireProtocol.Chat || client == WireProtocol.Chat || body.IsEmpty || !filter.MayRemove)
        {
            return CleanedBody.Untouched(body);
        }

        try
        {
            return client == WireProtocol.Responses
                ? ResponsesStateCleaner.Clean(body, filter)
                : AnthropicStateCleaner.Clean(body, filter, upstream == WireProtocol.Anthropic);
        }
        catch (JsonException)
        {
            // Not JSON we can read: it goes as the client sent it, and the upstream says what is wrong with it.
            return CleanedBody.Untouched(body);
        }
    }

    /// <summary>Whether a body of <paramref name="protocol"/> carries any state the safety net could take out (a cheap look before a retry).</summary>
    public static bool MayCarryState(ReadOnlySpan<byte> body, WireProtocol protocol) => protocol switch
    {
        WireProtocol.Responses => body.IndexOf("\"encrypted_content\""u8) >= 0,
        WireProtocol.Anthropic => body.IndexOf("\"signature\""u8) >= 0 || body.IndexOf("\"redacted_thinking\""u8) >= 0,
        _ => false,
    };
}

namespace CodexHelper.Wire;

/// <summary>The three wire protocols a client or an upstream may speak.</summary>
internal enum WireProtocol
{
    /// <summary>OpenAI Responses (<c>POST /responses</c>): what Codex speaks.</summary>
    Responses,

    /// <summary>OpenAI Chat Completions (<c>POST /chat/completions</c>): most OpenAI-compatible relays.</summary>
    Chat,

    /// <summary>Anthropic Messages (<c>POST /v1/messages</c>): what Claude Code speaks.</summary>
    Anthropic,
}

/// <summary>Names and paths of the protocols, as config.json, the log and the command line spell them.</summary>
internal static class WireProtocols
{
    public const string ValidNames = "responses, chat, anthropic";

    public static string Name(this WireProtocol protocol) => protocol switch
    {
        WireProtocol.Chat => "chat",
        WireProtocol.Anthropic => "anthropic",
        _ => "responses",
    };

    /// <summary>What a user reads: the API's own name.</summary>
    public static string Title(this WireProtocol protocol) => protocol switch
    {
        WireProtocol.Chat => "OpenAI Chat Completions",
        WireProtocol.Anthropic => "Anthropic Messages",
        _ => "OpenAI Responses",
    };

    public static bool TryParse(string? name, out WireProtocol protocol)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "responses":
                protocol = WireProtocol.Responses;
                return true;
            case "chat":
                protocol = WireProtocol.Chat;
                return true;
            case "anthropic":
                protocol = WireProtocol.Anthropic;
                return true;
            default:
                protocol = default;
                return false;
        }
    }

    /// <summary>The path of a turn in this protocol, under an upstream's base_url.</summary>
    public static string TurnPath(this WireProtocol protocol) => protocol switch
    {
        WireProtocol.Chat => "/chat/completions",
        WireProtocol.Anthropic => "/v1/messages",
        _ => "/responses",
    };

    /// <summary>
    /// The protocol a client request speaks, decided once when it arrives: Anthropic for a Messages path or an
    /// <c>anthropic-version</c> header, Chat for a Chat Completions path, else Responses.
    /// </summary>
    public static WireProtocol OfClientRequest(string path, bool hasAnthropicVersion)
    {
        if (path.Contains("/messages", StringComparison.Ordinal) || hasAnthropicVersion)
        {
            return WireProtocol.Anthropic;
        }

        return path.EndsWith("/chat/completions", StringComparison.Ordinal) ? WireProtocol.Chat : WireProtocol.Responses;
    }
}

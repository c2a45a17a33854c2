namespace CodexHelper.Wire;

/// <summary>What an event of a stream means before it carries content, whichever protocol sent it.</summary>
internal enum EventRole
{
    /// <summary>Carries (or may carry) the answer.</summary>
    Content,

    /// <summary>Opens every stream or keeps it alive, deciding nothing: Responses' created/in_progress, Anthropic's message_start and ping.</summary>
    Preamble,

    /// <summary>The stream failed: Responses' <c>response.failed</c>/<c>error</c>, Anthropic's <c>error</c>.</summary>
    Error,
}

/// <summary>
/// The one owner of the event names the proxy itself reads (the first-event judge) or writes (its own errors), per
/// protocol: Responses and Anthropic name events in <c>event:</c> and <c>type</c>; Chat streams have no names and
/// end with <see cref="ChatDone"/>. The translators' emitters write the full catalogues of their client protocols.
/// </summary>
internal static class WireEvents
{
    public const string ResponseCreated = "response.created";
    public const string ResponseInProgress = "response.in_progress";
    public const string ResponseFailed = "response.failed";
    public const string ResponseError = "response.error";
    public const string AnthropicMessageStart = "message_start";
    public const string AnthropicPing = "ping";

    /// <summary>The error event's name in both Responses and Anthropic streams.</summary>
    public const string Error = "error";

    /// <summary>Chat Completions' terminal <c>data:</c> payload.</summary>
    public static ReadOnlySpan<byte> ChatDone => "[DONE]"u8;

    /// <summary>The role of an event named <paramref name="name"/> (from <c>event:</c> or the JSON <c>type</c>).</summary>
    public static EventRole RoleOf(string? name) => name switch
    {
        ResponseCreated or ResponseInProgress or AnthropicMessageStart or AnthropicPing => EventRole.Preamble,
        ResponseFailed or ResponseError or Error => EventRole.Error,
        _ => EventRole.Content,
    };

    /// <summary>The same for a name read as UTF-8 bytes (no string made); an empty name decides nothing (Content).</summary>
    public static EventRole RoleOf(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("response.created"u8) || name.SequenceEqual("response.in_progress"u8) || name.SequenceEqual("message_start"u8) || name.SequenceEqual("ping"u8))
        {
            return EventRole.Preamble;
        }

        return name.SequenceEqual("response.failed"u8) || name.SequenceEqual("response.error"u8) || name.SequenceEqual("error"u8) ? EventRole.Error : EventRole.Content;
    }
}

using System.Text.Json;
using CodexHelper.Wire;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// What every direction serving Claude Code does with its request: parse the Messages body, write the upstream's
/// body with one tool-name map and one list of what was left out, and answer through a response translator that
/// speaks Anthropic for the client's model and stream choice.
/// </summary>
internal abstract class ClaudeClientTranslation : ITranslation
{
    public WireProtocol Client => WireProtocol.Anthropic;

    public abstract WireProtocol Upstream { get; }

    public TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody)
    {
        using var document = ClaudeRequest.Parse(clientBody);
        var root = document.RootElement;
        var names = new ToolNameMap();
        var dropped = new DropNotes();
        var body = RequestJson.Write(clientBody.Length + 1024, json => WriteRequest(json, root, names, dropped));
        var streams = ClaudeRequest.Streams(root);
        var answer = new AnthropicAnswer(AnthropicIds.NewMessageId(), ClaudeRequest.Model(root), streams);
        return new TranslatedRequest(body, streams, Respond(answer, names), dropped.ToList());
    }

    /// <summary>The Messages request <paramref name="root"/> as the upstream's body.</summary>
    protected abstract void WriteRequest(Utf8JsonWriter json, JsonElement root, ToolNameMap names, DropNotes dropped);

    /// <summary>The translator of this request's answer back to Anthropic.</summary>
    protected abstract IResponseTranslator Respond(AnthropicAnswer answer, ToolNameMap names);
}

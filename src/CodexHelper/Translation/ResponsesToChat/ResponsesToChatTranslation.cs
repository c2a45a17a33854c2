using System.Text.Json;
using CodexHelper.Translation.ResponsesClient;
using CodexHelper.Wire;

namespace CodexHelper.Translation.ResponsesToChat;

/// <summary>Codex (a Responses client) served by a Chat Completions upstream.</summary>
internal sealed class ResponsesToChatTranslation(ChatRequestOptions? options = null, TimeProvider? clock = null) : ResponsesClientTranslation(clock)
{
    private readonly ChatRequestOptions _options = options ?? new ChatRequestOptions();

    public override WireProtocol Upstream => WireProtocol.Chat;

    protected override string UpstreamName => "chat";

    protected override Action<Utf8JsonWriter> MapRequest(JsonElement request, ResponsesToolSet tools, List<string> dropped)
    {
        var messages = new ChatMessageBuilder(tools.Names, dropped, _options.ReplayReasoning).Build(request);
        return w => ChatRequestWriter.Write(w, request, messages, tools, _options);
    }

    protected override IResponseTranslator Respond(string model, bool streaming, long created, ResponsesToolSet tools) =>
        new ChatToResponses(model, streaming, created, tools);
}

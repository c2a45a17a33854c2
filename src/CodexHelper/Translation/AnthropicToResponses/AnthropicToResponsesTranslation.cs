using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;
using CodexHelper.Wire;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>Claude Code (Anthropic Messages) served by a Responses upstream (spec §E.2, §E.3, §G).</summary>
internal sealed class AnthropicToResponsesTranslation(ResponsesUpstreamOptions? options = null) : ClaudeClientTranslation
{
    private readonly ResponsesUpstreamOptions _options = options ?? ResponsesUpstreamOptions.Default;

    public override WireProtocol Upstream => WireProtocol.Responses;

    protected override void WriteRequest(Utf8JsonWriter json, JsonElement root, ToolNameMap names, DropNotes dropped) =>
        ResponsesRequestWriter.Write(json, root, names, dropped, _options);

    protected override IResponseTranslator Respond(AnthropicAnswer answer, ToolNameMap names) => new ResponsesToAnthropicResponse(answer, names);
}

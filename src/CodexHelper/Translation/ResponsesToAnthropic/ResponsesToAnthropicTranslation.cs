using System.Text.Json;
using CodexHelper.Translation.ResponsesClient;
using CodexHelper.Wire;

namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>Codex (a Responses client) served by an Anthropic Messages upstream.</summary>
internal sealed class ResponsesToAnthropicTranslation(AnthropicRequestOptions? options = null, TimeProvider? clock = null) : ResponsesClientTranslation(clock)
{
    private readonly AnthropicRequestOptions _options = options ?? new AnthropicRequestOptions();

    public override WireProtocol Upstream => WireProtocol.Anthropic;

    protected override string UpstreamName => "anthropic";

    protected override Action<Utf8JsonWriter> MapRequest(JsonElement request, ResponsesToolSet tools, List<string> dropped)
    {
        var builder = new AnthropicMessageBuilder(tools.Names, dropped);
        var messages = builder.Build(request);
        return w => AnthropicRequestWriter.Write(w, request, builder, messages, tools, _options, dropped);
    }

    protected override IResponseTranslator Respond(string model, bool streaming, long created, ResponsesToolSet tools) =>
        new AnthropicToResponses(model, streaming, created, tools);
}

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;
using CodexHelper.Wire;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>Claude Code (Anthropic Messages) served by a Responses upstream (spec §E.2, §E.3, §G).</summary>
internal sealed class AnthropicToResponsesTranslation(ResponsesUpstreamOptions? options = null) : ITranslation
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ResponsesUpstreamOptions _options = options ?? ResponsesUpstreamOptions.Default;

    public WireProtocol Client => WireProtocol.Anthropic;

    public WireProtocol Upstream => WireProtocol.Responses;

    public TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody)
    {
        using var document = ClaudeRequest.Parse(clientBody);
        var root = document.RootElement;
        var names = new ToolNameMap();
        var dropped = new DropNotes();
        var body = new ArrayBufferWriter<byte>(clientBody.Length + 1024);
        using (var json = new Utf8JsonWriter(body, Writer))
        {
            ResponsesRequestWriter.Write(json, root, names, dropped, _options);
        }

        var streams = ClaudeRequest.Streams(root);
        var answer = new AnthropicAnswer(AnthropicIds.NewMessageId(), ClaudeRequest.Model(root), streams);
        return new TranslatedRequest(body.WrittenSpan.ToArray(), streams, new ResponsesToAnthropicResponse(answer, names), dropped.ToList());
    }
}

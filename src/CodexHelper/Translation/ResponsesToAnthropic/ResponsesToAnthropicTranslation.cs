using System.Buffers;
using System.Text.Json;
using CodexHelper.Translation.ResponsesClient;
using CodexHelper.Wire;

namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>Codex (a Responses client) served by an Anthropic Messages upstream.</summary>
internal sealed class ResponsesToAnthropicTranslation(AnthropicRequestOptions? options = null, TimeProvider? clock = null) : ITranslation
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly AnthropicRequestOptions _options = options ?? new AnthropicRequestOptions();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public WireProtocol Client => WireProtocol.Responses;

    public WireProtocol Upstream => WireProtocol.Anthropic;

    public TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody)
    {
        using var document = ResponsesRequest.Parse(clientBody);
        var request = document.RootElement;
        var dropped = new List<string>();
        var tools = new ResponsesToolSet(request, "anthropic", dropped);
        var builder = new AnthropicMessageBuilder(tools.Names, dropped);
        var messages = builder.Build(request);
        ResponsesRequest.NoteDropped(request, dropped);
        var body = new ArrayBufferWriter<byte>(clientBody.Length + 256);
        using (var w = new Utf8JsonWriter(body, WriterOptions))
        {
            AnthropicRequestWriter.Write(w, request, builder, messages, tools, _options, dropped);
        }

        var streaming = ResponsesRequest.Streams(request);
        var model = ResponsesToolSet.Str(request, "model") ?? "";
        var response = new AnthropicToResponses(model, streaming, _clock.GetUtcNow().ToUnixTimeSeconds(), tools);
        return new TranslatedRequest(body.WrittenSpan.ToArray(), streaming, response, dropped);
    }
}

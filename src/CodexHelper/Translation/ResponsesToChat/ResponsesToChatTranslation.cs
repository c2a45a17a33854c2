using System.Buffers;
using System.Text.Json;
using CodexHelper.Translation.ResponsesClient;
using CodexHelper.Wire;

namespace CodexHelper.Translation.ResponsesToChat;

/// <summary>Codex (a Responses client) served by a Chat Completions upstream.</summary>
internal sealed class ResponsesToChatTranslation(ChatRequestOptions? options = null, TimeProvider? clock = null) : ITranslation
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ChatRequestOptions _options = options ?? new ChatRequestOptions();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public WireProtocol Client => WireProtocol.Responses;

    public WireProtocol Upstream => WireProtocol.Chat;

    public TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody)
    {
        using var document = ResponsesRequest.Parse(clientBody);
        var request = document.RootElement;
        var dropped = new List<string>();
        var tools = new ResponsesToolSet(request, "chat", dropped);
        var messages = new ChatMessageBuilder(tools.Names, dropped, _options.ReplayReasoning).Build(request);
        ResponsesRequest.NoteDropped(request, dropped);
        var body = new ArrayBufferWriter<byte>(clientBody.Length + 256);
        using (var w = new Utf8JsonWriter(body, WriterOptions))
        {
            ChatRequestWriter.Write(w, request, messages, tools, _options);
        }

        var streaming = ResponsesRequest.Streams(request);
        var model = ResponsesToolSet.Str(request, "model") ?? "";
        var response = new ChatToResponses(model, streaming, _clock.GetUtcNow().ToUnixTimeSeconds(), tools);
        return new TranslatedRequest(body.WrittenSpan.ToArray(), streaming, response, dropped);
    }
}

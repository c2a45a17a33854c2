using System.Text.Json;
using CodexHelper.Wire;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>
/// What every direction serving Codex does with its request: parse the Responses body, sort its tools for the
/// upstream, map the input, note what the upstream cannot take, write the body, and answer through a response
/// translator that speaks Responses for the client's model and stream choice.
/// </summary>
internal abstract class ResponsesClientTranslation(TimeProvider? clock) : ITranslation
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public WireProtocol Client => WireProtocol.Responses;

    public abstract WireProtocol Upstream { get; }

    /// <summary>The upstream's name in drop notes ("no equivalent on chat").</summary>
    protected abstract string UpstreamName { get; }

    public TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody)
    {
        using var document = ResponsesRequest.Parse(clientBody);
        var request = document.RootElement;
        var dropped = new List<string>();
        var tools = new ResponsesToolSet(request, UpstreamName, dropped);
        var write = MapRequest(request, tools, dropped);
        ResponsesRequest.NoteDropped(request, dropped);
        var body = RequestJson.Write(clientBody.Length + 256, write);
        var streaming = ResponsesRequest.Streams(request);
        var model = ResponsesToolSet.Str(request, "model") ?? "";
        var response = Respond(model, streaming, _clock.GetUtcNow().ToUnixTimeSeconds(), tools);
        return new TranslatedRequest(body, streaming, response, dropped);
    }

    /// <summary>Maps the conversation now (its drop notes come before the request-level ones) and returns what writes the body.</summary>
    protected abstract Action<Utf8JsonWriter> MapRequest(JsonElement request, ResponsesToolSet tools, List<string> dropped);

    /// <summary>The translator of this request's answer back to Responses.</summary>
    protected abstract IResponseTranslator Respond(string model, bool streaming, long created, ResponsesToolSet tools);
}

using System.Buffers;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>
/// A Responses answer from a Responses upstream, handed on as it is: the inner step of an emulated compaction on a
/// relay that speaks the client's protocol but cannot compact (<see cref="CompactionAnswer"/> rewrites the end).
/// </summary>
internal sealed class ResponsesPassThrough(bool streaming) : IResponseTranslator
{
    public string ClientContentType => streaming ? "text/event-stream" : "application/json";

    public void Feed(ReadOnlySpan<byte> upstream, IBufferWriter<byte> client) => SseEventWriter.Raw(client, upstream);

    public void Finish(IBufferWriter<byte> client)
    {
    }

    public void TranslateBody(ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client) => SseEventWriter.Raw(client, upstreamBody);

    public void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client) => SseEventWriter.Raw(client, upstreamBody);
}

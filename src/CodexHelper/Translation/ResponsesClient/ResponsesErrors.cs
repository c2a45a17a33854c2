using System.Buffers;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>An upstream's error answer as the OpenAI error body a Responses client reads, the relay's message kept.</summary>
internal static class ResponsesErrors
{
    public static void Write(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client)
    {
        var error = UpstreamError.Parse(status, upstreamBody);
        var sse = new SseEventWriter();
        var w = sse.BeginBody(client);
        ResponsesWriter.ErrorBody(w, error.Message, ResponsesErrorCodes.TypeOf(status, error), ResponsesErrorCodes.Classify(status, error));
        sse.EndBody();
    }
}

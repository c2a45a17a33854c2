using System.Buffers;

namespace CodexHelper.Translation;

/// <summary>
/// Turns one upstream answer into the client's protocol, incrementally: a state machine fed the upstream's bytes
/// in order, in chunks split anywhere (inside a line, a UTF-8 sequence or a JSON string), writing the client's bytes
/// as soon as they are known. Allocation-aware: no JSON DOM per event where a reader suffices.
/// </summary>
internal interface IResponseTranslator
{
    /// <summary>The client's Content-Type for a successful answer (<c>text/event-stream</c> when the client streams).</summary>
    string ClientContentType { get; }

    /// <summary>A chunk of the upstream's successful (2xx) event stream.</summary>
    void Feed(ReadOnlySpan<byte> upstream, IBufferWriter<byte> client);

    /// <summary>
    /// The upstream's stream ended (with or without its own terminal marker): write what the client still needs to
    /// see a complete answer (the terminal event with usage), or, when the stream ended before any terminal marker,
    /// the client protocol's own error/terminal form. Called once.
    /// </summary>
    void Finish(IBufferWriter<byte> client);

    /// <summary>
    /// A whole non-streaming successful (2xx) JSON body. When the client asked for a stream but the upstream was
    /// asked for a body, the translation writes the equivalent event stream.
    /// </summary>
    void TranslateBody(ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client);

    /// <summary>An upstream error answer (status ≥ 400) in the client's error shape, keeping the relay's message.</summary>
    void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client);
}

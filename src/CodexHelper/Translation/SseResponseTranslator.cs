using System.Buffers;

namespace CodexHelper.Translation;

/// <summary>
/// The part every response translator of an upstream event stream shares: the bytes are cut into events however
/// they arrive, each event's data is handed to <see cref="OnData"/>, and at the end of the stream the last
/// unterminated event is read before <see cref="OnEnd"/> completes the client's answer.
/// </summary>
internal abstract class SseResponseTranslator : IResponseTranslator
{
    private readonly SseEventReader _events = new();

    public abstract string ClientContentType { get; }

    /// <summary>Whether the client's answer is complete, so whatever the upstream still sends is ignored.</summary>
    protected virtual bool Finished => false;

    public void Feed(ReadOnlySpan<byte> upstream, IBufferWriter<byte> client)
    {
        if (Finished)
        {
            return;
        }

        _events.Append(upstream);
        while (!Finished && _events.TryRead(out _, out var data))
        {
            OnData(data, client);
        }
    }

    public void Finish(IBufferWriter<byte> client)
    {
        if (!Finished && _events.TryReadRest(out _, out var data))
        {
            OnData(data, client);
        }

        _events.Release();
        OnEnd(client);
    }

    public abstract void TranslateBody(ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client);

    public abstract void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client);

    /// <summary>One event's data, in order.</summary>
    protected abstract void OnData(ReadOnlySpan<byte> data, IBufferWriter<byte> client);

    /// <summary>The upstream's stream ended (after its last event): write what the client still needs.</summary>
    protected abstract void OnEnd(IBufferWriter<byte> client);
}

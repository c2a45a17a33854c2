using CodexHelper.Wire;

namespace CodexHelper.Translation;

/// <summary>
/// One direction of protocol translation: a client speaking <see cref="Client"/> served by an upstream speaking
/// <see cref="Upstream"/>. Pure: bytes in, bytes out, no I/O, no clock. The proxy plugs it in through the
/// per-attempt upstream request (request side) and a transform after the commit point (response side).
/// </summary>
internal interface ITranslation
{
    WireProtocol Client { get; }

    WireProtocol Upstream { get; }

    /// <summary>
    /// The client's (already filtered, model-mapped) body in the upstream's protocol. Throws
    /// <see cref="TranslationException"/> for a body that cannot be translated (the proxy answers 400 with its message).
    /// </summary>
    TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody);

    /// <summary>The same for a body the caller keeps alive until this returns: parsed in place, without a copy.</summary>
    TranslatedRequest TranslateRequest(ReadOnlyMemory<byte> clientBody);
}

namespace CodexHelper.Translation;

/// <summary>
/// A client request in the upstream's protocol, and the response translator that turns this request's answer back
/// into the client's protocol (it keeps what it needs of the original request: declared tools, shortened names,
/// the client's model, whether the client asked for a stream).
/// </summary>
/// <param name="Body">The upstream body (UTF-8 JSON).</param>
/// <param name="Streaming">Whether the upstream is asked for an event stream.</param>
/// <param name="Response">Translates this request's answer; one per attempt, not thread-safe.</param>
/// <param name="Dropped">What could not be mapped and was left out (e.g. "tool web_search: no equivalent on chat"), for the log and the inspector.</param>
internal sealed record TranslatedRequest(byte[] Body, bool Streaming, IResponseTranslator Response, IReadOnlyList<string> Dropped);

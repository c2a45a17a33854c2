using CodexHelper.Configuration;
using CodexHelper.Proxy.Intake;
using CodexHelper.Translation;
using CodexHelper.Translation.Catalog;
using CodexHelper.Translation.ResponsesClient;
using CodexHelper.Wire;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Attempt;

/// <summary>
/// The upstream requests of Codex's compaction when the relay is not asked to compact itself: a translated relay, one
/// with <c>"compaction": "emulate"</c>, or one that refused a compaction before (<see cref="CompactionMemory"/>). The
/// relay gets an ordinary request for a summary (<see cref="CompactionEmulation"/>); <see cref="CompactionAnswer"/>
/// hands Codex the answer its request expects.
/// </summary>
internal static class CompactionRequests
{
    public static CompactionKind KindOf(HttpRequest client, ClientWire wire, ReadOnlySpan<byte> body)
    {
        if (wire.Protocol != WireProtocol.Responses)
        {
            return CompactionKind.None;
        }

        if (HttpMethods.IsPost(client.Method) && (client.Path.Value ?? "").EndsWith("/responses/compact", StringComparison.Ordinal))
        {
            return CompactionKind.Endpoint;
        }

        return wire.IsTurn && body.IndexOf("\"compaction_trigger\""u8) >= 0 ? CompactionKind.Inline : CompactionKind.None;
    }

    /// <summary>Whether this upstream's compaction is emulated: a relay of another protocol, set so, or one that refused (its reason).</summary>
    public static bool Emulates(UpstreamConfig upstream, WireProtocol client, string? refused) =>
        upstream.ProtocolFor(client) != client || upstream.Compaction == CompactionModes.Emulate || refused is not null;

    /// <summary>The log's note for an emulated compaction; with why, when the relay refused one before.</summary>
    public static string Note(string? refused) => refused is null ? CompactionEmulation.EmulatedNote : $"{CompactionEmulation.EmulatedNote}; the relay refused native compaction ({refused})";

    /// <summary>
    /// <c>POST /responses/compact</c> as a summary request on the upstream's own turn path, translated when it speaks
    /// another protocol. Throws <see cref="TranslationException"/> when the body is not a compaction request.
    /// </summary>
    public static UpstreamRequest Endpoint(UpstreamConfig upstream, IHeaderDictionary headers, UpstreamCredentials credentials, ReadOnlyMemory<byte> body, string? upstreamModel, WireProtocol protocol, string? refused)
    {
        var notes = new List<string>();
        byte[] summary;
        byte[] kept;
        try
        {
            summary = CompactionEmulation.SummaryRequest(body.Span, notes, out kept);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new TranslationException("the /responses/compact body is not a compaction request: " + ex.Message);
        }

        var target = UpstreamTarget.Join(upstream.BaseUrl, protocol.TurnPath(), null);
        if (protocol == WireProtocol.Responses)
        {
            return new UpstreamRequest(HttpMethods.Post, target, headers, credentials, summary, true, upstreamModel, protocol)
            {
                Translator = new CompactionAnswer(new ResponsesPassThrough(false), false, kept),
                Dropped = [.. notes, Note(refused)],
            };
        }

        var translation = Translations.For(WireProtocol.Responses, protocol, UpstreamRequest.OptionsOf(upstream.Translation))
            ?? throw new TranslationException($"no translation from {WireProtocol.Responses.Title()} to {protocol.Title()}");
        var translated = translation.TranslateRequest(summary.AsMemory());
        return new UpstreamRequest(HttpMethods.Post, target, headers, credentials.For(protocol), translated.Body, true, upstreamModel, protocol)
        {
            Translator = new CompactionAnswer(translated.Response, translated.Streaming, kept),
            Dropped = [.. notes, .. translated.Dropped, Note(refused)],
            TranslatedFrom = WireProtocol.Responses,
        };
    }

    /// <summary>
    /// A <c>/responses</c> turn for a Responses relay with our compaction items expanded (it cannot read them), and
    /// when it does not compact (<paramref name="emulate"/>) a trigger turned into the summary request; null: nothing to change.
    /// </summary>
    public static UpstreamRequest? Inline(HttpRequest client, UpstreamConfig upstream, UpstreamCredentials credentials, ReadOnlyMemory<byte> body, string? upstreamModel, WireProtocol protocol, bool emulate, string? refused)
    {
        var notes = new List<string>();
        if (CompactionEmulation.Rewrite(body.Span, notes, out var summarising, emulate) is not { } rewritten)
        {
            return null;
        }

        var streams = rewritten.AsSpan().IndexOf("\"stream\":true"u8) >= 0;
        return new UpstreamRequest(client.Method, UpstreamTarget.Join(upstream.BaseUrl, client.Path.Value ?? "/", client.QueryString.Value), client.Headers, credentials, rewritten, true, upstreamModel, protocol)
        {
            Translator = summarising ? new CompactionAnswer(new ResponsesPassThrough(streams), streams) : null,
            Dropped = summarising ? [.. notes, Note(refused)] : notes,
        };
    }
}

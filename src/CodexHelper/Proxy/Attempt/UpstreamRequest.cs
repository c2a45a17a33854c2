using CodexHelper.Configuration;
using CodexHelper.Conversations;
using CodexHelper.Proxy.Intake;
using CodexHelper.Translation.Catalog;
using CodexHelper.Translation.ResponsesClient;
using CodexHelper.Translation;
using CodexHelper.Wire;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Attempt;

/// <summary>
/// What one attempt sends to one upstream: method, target URL, headers to copy, credentials and body. Made in one
/// place per attempt (<see cref="UpstreamRequest.For"/>) from the client request, the upstream and the body, so
/// model mapping, and later protocol translation, change only this value; <see cref="UpstreamAttempt"/> sends it as
/// it is and reads nothing from the client's <see cref="HttpContext"/> but its cancellation.
/// </summary>
/// <param name="UpstreamModel">The model the upstream is asked for when its model_map renamed it, else null.</param>
/// <param name="Protocol">The protocol the upstream is spoken to in.</param>
internal sealed record UpstreamRequest(
    string Method,
    string Target,
    IHeaderDictionary ClientHeaders,
    UpstreamCredentials Credentials,
    ReadOnlyMemory<byte> Body,
    bool SendsBody,
    string? UpstreamModel,
    WireProtocol Protocol)
{
    /// <summary>Step 4's response hook for this attempt: null relays the answer as it is.</summary>
    public IResponseTranslator? Translator { get; init; }

    /// <summary>
    /// An answer made here instead of sending (Claude Code's <c>count_tokens</c> for an upstream of another protocol,
    /// which has no such endpoint): the attempt answers 200 with this JSON body. Null: the request is sent.
    /// </summary>
    public byte[]? LocalAnswer { get; init; }

    /// <summary>The client's protocol when this request was translated from it, else null.</summary>
    public WireProtocol? TranslatedFrom { get; init; }

    /// <summary>What the translation left out (empty when not translated).</summary>
    public IReadOnlyList<string> Dropped { get; init; } = [];

    /// <summary>How many items of provider-bound state were taken out because this upstream cannot read them (0: the body is the client's).</summary>
    public int StateCleaned { get; init; }

    /// <summary>Claude Code's count_tokens for an upstream of another protocol, which has no token counter: estimated here.</summary>
    private static UpstreamRequest CountedHere(HttpRequest client, UpstreamConfig upstream, UpstreamCredentials credentials, ReadOnlyMemory<byte> body, string? upstreamModel, WireProtocol protocol)
    {
        var answer = new System.Buffers.ArrayBufferWriter<byte>(32);
        Translation.AnthropicClient.TokenEstimate.WriteAnswer(body.Span, answer);
        return new UpstreamRequest(client.Method, upstream.BaseUrl, client.Headers, credentials, body, false, upstreamModel, protocol)
        {
            LocalAnswer = answer.WrittenSpan.ToArray(),
            Dropped = [$"count_tokens answered by codex-helper with an estimate (UTF-8 bytes / 4): a {protocol.Name()} upstream has no token counter"],
        };
    }

    /// <summary>A turn in the upstream's protocol; Codex's compaction, which no translated relay can do, emulated on the way.</summary>
    private static UpstreamRequest Translated(ClientWire wire, UpstreamConfig upstream, IHeaderDictionary headers, UpstreamCredentials credentials, ReadOnlyMemory<byte> body, string? upstreamModel, WireProtocol protocol, ITranslation translation)
    {
        var compactionNotes = new List<string>();
        var summarising = false;
        var rewritten = wire.Protocol == WireProtocol.Responses ? CompactionEmulation.Rewrite(body.Span, compactionNotes, out summarising) : null;
        var translated = translation.TranslateRequest(rewritten ?? body);
        if (rewritten is not null)
        {
            translated = translated with
            {
                Response = summarising ? new CompactionAnswer(translated.Response, translated.Streaming) : translated.Response,
                Dropped = [.. compactionNotes, .. translated.Dropped, .. summarising ? ["compaction: emulated (the relay was asked for a summary)"] : Array.Empty<string>()],
            };
        }

        return new UpstreamRequest(HttpMethods.Post, UpstreamTarget.Join(upstream.BaseUrl, protocol.TurnPath(), null), headers, credentials.For(protocol), translated.Body, true, upstreamModel, protocol)
        {
            Translator = translated.Response,
            Dropped = translated.Dropped,
            TranslatedFrom = wire.Protocol,
        };
    }

    private static TranslationOptions? OptionsOf(UpstreamTranslation? t) => t is null ? null : new TranslationOptions(
        t.MaxOutputTokens, t.Reasoning ?? true, t.StreamUsage ?? true, t.MaxCompletionTokens ?? false);

    /// <summary>The client's headers as this request forwards them, with the upstream's credentials.</summary>
    public void CopyHeadersTo(HttpRequestMessage message)
    {
        if (TranslatedFrom is not null && message.Content is not null)
        {
            HeaderPolicy.CopyTranslatedRequestHeaders(ClientHeaders, message, message.Content, Credentials, Protocol);
        }
        else
        {
            HeaderPolicy.CopyRequestHeaders(ClientHeaders, message, message.Content, Credentials);
        }
    }

    /// <summary>
    /// Step 3a: the upstream request of one attempt. A turn for an upstream that speaks another protocol is
    /// translated (throws <see cref="TranslationException"/> when the body cannot be); every other request, and
    /// every request to an upstream of the client's own protocol, goes as the client sent it. Before either, a turn
    /// loses the provider-bound state <paramref name="state"/> says this upstream cannot read (see <see cref="StateCleaner"/>).
    /// </summary>
    public static UpstreamRequest For(HttpRequest client, ClientWire wire, UpstreamConfig upstream, UpstreamCredentials credentials, UpstreamBody bodies, BodyLease lease, StateFilter state = default)
    {
        var body = bodies.For(upstream, lease, out var upstreamModel);
        var protocol = upstream.ProtocolFor(wire.Protocol);
        var cleaned = wire.IsTurn ? StateCleaner.Clean(body, wire.Protocol, protocol, state) : CleanedBody.Untouched(body);
        var request = For(client, wire, upstream, credentials, cleaned.Body, upstreamModel, protocol);
        return cleaned.Removed == 0 ? request : request with { StateCleaned = cleaned.Removed };
    }

    private static UpstreamRequest For(HttpRequest client, ClientWire wire, UpstreamConfig upstream, UpstreamCredentials credentials, ReadOnlyMemory<byte> body, string? upstreamModel, WireProtocol protocol)
    {
        if (protocol != wire.Protocol && wire.Protocol == WireProtocol.Anthropic && (client.Path.Value ?? "").EndsWith("/messages/count_tokens", StringComparison.Ordinal))
        {
            return CountedHere(client, upstream, credentials, body, upstreamModel, protocol);
        }

        if (protocol != wire.Protocol && wire.IsTurn && Translations.For(wire.Protocol, protocol, OptionsOf(upstream.Translation)) is { } translation)
        {
            return Translated(wire, upstream, client.Headers, credentials, body, upstreamModel, protocol, translation);
        }

        if (wire.IsTurn && wire.Protocol == WireProtocol.Responses && upstream.Compaction == CompactionModes.Emulate
            && CompactionEmulation.Rewrite(body.Span, [], out var summarising) is { } rewritten)
        {
            var streams = rewritten.AsSpan().IndexOf("\"stream\":true"u8) >= 0;
            return new UpstreamRequest(client.Method, UpstreamTarget.Join(upstream.BaseUrl, client.Path.Value ?? "/", client.QueryString.Value), client.Headers, credentials, rewritten, true, upstreamModel, protocol)
            {
                Translator = summarising ? new CompactionAnswer(new ResponsesPassThrough(streams), streams) : null,
                Dropped = summarising ? ["compaction: emulated (the relay was asked for a summary)"] : [],
            };
        }

        var sendsBody = body.Length > 0 || (!HttpMethods.IsGet(client.Method) && !HttpMethods.IsHead(client.Method) && client.ContentLength is not null);
        return new UpstreamRequest(
            client.Method,
            UpstreamTarget.Join(upstream.BaseUrl, client.Path.Value ?? "/", client.QueryString.Value),
            client.Headers,
            credentials,
            body,
            sendsBody,
            upstreamModel,
            wire.Protocol);
    }
}

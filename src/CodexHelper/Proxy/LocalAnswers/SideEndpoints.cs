using System.Net;
using CodexHelper.Routing;
using CodexHelper.Wire;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.LocalAnswers;

/// <summary>
/// The clients' side endpoints a relay may lack, answered here when it answers 404: the model list (from the config,
/// <see cref="ModelListAnswer"/>) and Anthropic's <c>count_tokens</c> (the local estimate translated upstreams get).
/// </summary>
internal static class SideEndpoints
{
    public const string CountTokensNote = "count_tokens answered by codex-helper with an estimate (UTF-8 bytes / 4): the relay answered 404";

    /// <summary>The local answer in place of the relay's 404 to <paramref name="request"/>, and what the log notes; null: the 404 stands.</summary>
    public static HttpResponseMessage? For404(HttpRequest request, WireProtocol client, RouteTable table, ReadOnlySpan<byte> body, out string? note)
    {
        if (ModelListAnswer.For(request, client, table) is { } models)
        {
            note = ModelListAnswer.Note;
            return models;
        }

        if (client == WireProtocol.Anthropic && HttpMethods.IsPost(request.Method) && (request.Path.Value ?? "").EndsWith("/messages/count_tokens", StringComparison.Ordinal))
        {
            var answer = new System.Buffers.ArrayBufferWriter<byte>(32);
            Translation.AnthropicClient.TokenEstimate.WriteAnswer(body, answer);
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(answer.WrittenSpan.ToArray()) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            note = CountTokensNote;
            return response;
        }

        note = null;
        return null;
    }
}

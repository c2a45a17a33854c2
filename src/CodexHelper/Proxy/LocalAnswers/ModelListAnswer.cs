using System.Buffers;
using System.Net;
using System.Text.Json;
using CodexHelper.Routing;
using CodexHelper.Wire;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.LocalAnswers;

/// <summary>
/// A model list for a relay that has none: <c>GET /v1/models</c> (or <c>/models</c>) answered 404 upstream is answered
/// from the exact names in the active config's upstreams' <c>models</c> (patterns ending in <c>*</c> name no model), in
/// the client's shape: OpenAI's list, or Anthropic's page when the client speaks Anthropic. No names: the 404 stands.
/// </summary>
internal static class ModelListAnswer
{
    /// <summary>What the log's <c>translation_dropped</c> says when the list came from the config.</summary>
    public const string Note = "models: answered from the config's models (the upstream has no model list)";

    /// <summary>Claude Code shows the date; the config knows none, so a fixed one stands in.</summary>
    private const string CreatedAt = "2025-01-01T00:00:00Z";

    public static bool Asks(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Value is "/v1/models" or "/models" or "/v1/models/" or "/models/";

    /// <summary>The local answer in place of the upstream's 404; null when the config names no model.</summary>
    public static HttpResponseMessage? For(HttpRequest request, WireProtocol client, RouteTable table)
    {
        if (!Asks(request))
        {
            return null;
        }

        var names = table.Upstreams.SelectMany(u => u.Config.Models ?? []).Where(m => m.Length > 0 && !m.EndsWith('*')).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            if (client == WireProtocol.Anthropic)
            {
                WriteAnthropic(json, names);
            }
            else
            {
                WriteOpenAi(json, names);
            }
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body.WrittenSpan.ToArray()) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return response;
    }

    private static void WriteOpenAi(Utf8JsonWriter json, List<string> names)
    {
        json.WriteStartObject();
        json.WriteString("object"u8, "list"u8);
        json.WriteStartArray("data"u8);
        foreach (var name in names)
        {
            json.WriteStartObject();
            json.WriteString("id"u8, name);
            json.WriteString("object"u8, "model"u8);
            json.WriteNumber("created"u8, 0);
            json.WriteString("owned_by"u8, "codex-helper"u8);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteAnthropic(Utf8JsonWriter json, List<string> names)
    {
        json.WriteStartObject();
        json.WriteStartArray("data"u8);
        foreach (var name in names)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "model"u8);
            json.WriteString("id"u8, name);
            json.WriteString("display_name"u8, name);
            json.WriteString("created_at"u8, CreatedAt);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteBoolean("has_more"u8, false);
        json.WriteString("first_id"u8, names[0]);
        json.WriteString("last_id"u8, names[^1]);
        json.WriteEndObject();
    }
}

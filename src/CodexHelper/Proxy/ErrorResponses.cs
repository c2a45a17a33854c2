using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy;

/// <summary>
/// Errors the proxy itself produces, in the OpenAI error shape (<c>{"error":{"message",…}}</c>) so that
/// Codex and Claude Code show the message to the user. Never contains a key.
/// </summary>
internal static class ErrorResponses
{
    public static async Task WriteAsync(HttpResponse response, int status, string message, string? upstream, CancellationToken ct)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.Clear();
        response.StatusCode = status;
        response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", "codex_helper_error");
            if (upstream is not null)
            {
                json.WriteString("upstream", upstream);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using CodexHelper.Wire;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// Errors the proxy itself produces, in the shape the asking client shows best (measured with Codex 0.169.0
/// and Claude Code 2.1.197, again with Codex 0.171.0 and Claude Code 2.1.332; see README "Errors the clients show").
/// Never contains a key.
/// <list type="bullet">
/// <item>Codex streaming a turn (<c>/responses</c>, <c>Accept: text/event-stream</c>): a 200 event stream with one
/// <c>response.failed</c>. Codex prints its message as one line; code <c>invalid_prompt</c> stops it at once, code
/// <c>server_error</c> lets it retry (5 times, ~7 s). A 5xx status instead costs 30 requests and ~25–60 s of
/// "Reconnecting…", a 4xx status is printed as raw JSON.</item>
/// <item>Claude Code (Anthropic Messages): the status with <c>x-should-retry: false</c> and an Anthropic error body;
/// it prints <c>API Error: 502 message</c>. Without that header it retries 10 times (minutes, silently); an error
/// event inside a 200 shows only "empty or malformed response". A 401 (the gateway's unknown token) goes out as a
/// 412: see <see cref="AnthropicWireStatus"/>.</item>
/// <item>Everything else: the status with an OpenAI error body <c>{"error":{"message",…}}</c>.</item>
/// </list>
/// </summary>
internal static class ErrorResponses
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="retryable">Whether the client should try again by itself (a transient failure the proxy did not already retry).</param>
    public static async Task WriteAsync(HttpResponse response, int status, string message, string? upstream, CancellationToken ct, bool retryable = false)
    {
        if (response.HasStarted)
        {
            return;
        }

        var request = response.HttpContext.Request;
        response.Clear();
        using var buffer = new MemoryStream();
        switch (ShapeFor(request))
        {
            case ErrorShape.ResponsesEvent:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "text/event-stream";
                // The real status, for people reading the traffic: the client only looks at the event.
                response.Headers["x-codex-helper-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                WriteResponsesFailed(buffer, message, retryable);
                break;
            case ErrorShape.Anthropic:
                response.StatusCode = AnthropicWireStatus(status);
                if (response.StatusCode != status)
                {
                    response.Headers["x-codex-helper-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                response.ContentType = "application/json";
                response.Headers["x-should-retry"] = retryable ? "true" : "false";
                WriteAnthropic(buffer, status, message);
                break;
            default:
                response.StatusCode = status;
                response.ContentType = "application/json";
                WriteOpenAi(buffer, message, upstream);
                break;
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
    }

    /// <summary>
    /// The status Claude Code is sent for one the proxy means. Claude Code 2.1.332 with an <c>apiKeyHelper</c> key
    /// (how <c>switch on --remote</c> hands it the gateway token) re-runs the helper and resends a 401 or 403 for
    /// minutes with growing pauses, silently, <c>x-should-retry: false</c> or not; a 400 or 422 it resends five
    /// times with fewer betas; a 412 it shows at once, after one request, as <c>API Error: 412 message</c>. The body
    /// keeps <c>authentication_error</c> and <c>x-codex-helper-status</c> the real status.
    /// </summary>
    internal static int AnthropicWireStatus(int status) =>
        status == StatusCodes.Status401Unauthorized ? StatusCodes.Status412PreconditionFailed : status;

    internal enum ErrorShape
    {
        OpenAiJson,
        ResponsesEvent,
        Anthropic,
    }

    internal static ErrorShape ShapeFor(HttpRequest request) =>
        ShapeFor(ClientWire.Of(request.Path.Value ?? "", request.Headers.ContainsKey("anthropic-version"), request.Headers.Accept.ToString()));

    /// <summary>The one rule from the client's protocol to the shape of the errors the proxy writes itself.</summary>
    internal static ErrorShape ShapeFor(ClientWire wire) => wire switch
    {
        { Protocol: WireProtocol.Anthropic } => ErrorShape.Anthropic,
        { Protocol: WireProtocol.Responses, IsStreamingTurn: true } => ErrorShape.ResponsesEvent,
        _ => ErrorShape.OpenAiJson,
    };

    /// <summary>One SSE event, as Codex reads a failed turn; also used to end a stream that broke after it started.</summary>
    internal static void WriteResponsesFailed(Stream output, string message, bool retryable)
    {
        output.Write("event: response.failed\ndata: "u8);
        using (var json = new Utf8JsonWriter(output, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", WireEvents.ResponseFailed);
            json.WriteStartObject("response");
            json.WriteString("id", "resp_codex_helper");
            json.WriteString("object", "response");
            json.WriteString("status", "failed");
            json.WriteStartArray("output");
            json.WriteEndArray();
            json.WriteStartObject("error");
            // invalid_prompt is the code Codex shows verbatim without retrying; server_error it retries.
            json.WriteString("code", retryable ? "server_error" : "invalid_prompt");
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.Write("\n\n"u8);
    }

    private static void WriteAnthropic(Stream output, int status, string message)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
        json.WriteStartObject();
        json.WriteString("type", "error");
        json.WriteStartObject("error");
        json.WriteString("type", status switch
        {
            400 => "invalid_request_error",
            401 => "authentication_error",
            403 => "permission_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            503 or 529 => "overloaded_error",
            _ => "api_error",
        });
        json.WriteString("message", message);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteOpenAi(Stream output, string message, string? upstream)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
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
}

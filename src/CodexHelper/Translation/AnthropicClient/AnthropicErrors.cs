using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// Anthropic's error form, <c>{"type":"error","error":{"type":…,"message":…}}</c>, with the error type Claude Code
/// acts on: chosen from the HTTP status, or from the relay's code for an error inside a stream. A context overflow
/// says "prompt is too long" so Claude Code compacts the conversation instead of giving up.
/// </summary>
internal static class AnthropicErrors
{
    public const string ApiError = "api_error";
    public const string InvalidRequest = "invalid_request_error";
    public const string RateLimit = "rate_limit_error";
    public const string Overloaded = "overloaded_error";

    private const string TooLong = "prompt is too long";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string TypeFor(int status) => status switch
    {
        400 or 422 => InvalidRequest,
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => RateLimit,
        503 or 529 => Overloaded,
        _ => ApiError,
    };

    /// <summary>An error the relay reported inside a stream (no status of its own): typed from its code.</summary>
    public static string TypeFor(string? code, string? type)
    {
        var said = (code ?? "") + " " + (type ?? "");
        if (said.Contains("rate_limit", StringComparison.OrdinalIgnoreCase) || said.Contains("quota", StringComparison.OrdinalIgnoreCase))
        {
            return RateLimit;
        }

        if (said.Contains("overload", StringComparison.OrdinalIgnoreCase) || said.Contains("unavailable", StringComparison.OrdinalIgnoreCase))
        {
            return Overloaded;
        }

        return said.Contains("invalid", StringComparison.OrdinalIgnoreCase) ? InvalidRequest : ApiError;
    }

    /// <summary>An upstream error answer (status ≥ 400) as Claude Code's error body, keeping the relay's message.</summary>
    public static void Translate(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client)
    {
        var error = UpstreamError.ParseVerbatim(status, upstreamBody);
        var (type, message) = Classify(TypeFor(status), error);
        WriteBody(client, type, message);
    }

    /// <summary>The type and message to send: a context overflow becomes "prompt is too long" (invalid_request_error).</summary>
    public static (string Type, string Message) Classify(string type, UpstreamError error)
    {
        if (!IsContextOverflow(error))
        {
            return (type, error.Message);
        }

        var message = error.Message.Contains(TooLong, StringComparison.OrdinalIgnoreCase) ? error.Message : TooLong + ": " + error.Message;
        return (InvalidRequest, message);
    }

    public static void WriteBody(IBufferWriter<byte> client, string type, string message)
    {
        using var json = new Utf8JsonWriter(client, Options);
        json.WriteStartObject();
        json.WriteString("type", "error");
        json.WriteStartObject("error");
        json.WriteString("type", type);
        json.WriteString("message", message);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static bool IsContextOverflow(UpstreamError error) =>
        error.Code is "context_length_exceeded"
        || error.Message.Contains("context_length_exceeded", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("maximum context length", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("context window", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains(TooLong, StringComparison.OrdinalIgnoreCase);
}

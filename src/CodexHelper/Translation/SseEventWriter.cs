using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodexHelper.Translation;

/// <summary>
/// Writes the client's SSE events: <c>event: name</c> (omitted for Chat chunks, which have none), one
/// <c>data:</c> line of single-line JSON written with one reused <see cref="Utf8JsonWriter"/>, and the blank line
/// that ends the event. Never splits JSON over data lines (clients and middleboxes break on it).
/// </summary>
// A Utf8JsonWriter over an IBufferWriter owns nothing to free: Dispose would only flush, which End does.
#pragma warning disable CA1001
internal sealed class SseEventWriter
#pragma warning restore CA1001
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Keep non-ASCII text as UTF-8: smaller than \u escapes and what upstreams send themselves.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(1), Options);
    private IBufferWriter<byte>? _client;

    /// <summary>Starts an event; write exactly one JSON value into the writer returned, then call <see cref="End"/>.</summary>
    public Utf8JsonWriter Begin(IBufferWriter<byte> client, ReadOnlySpan<byte> eventName)
    {
        if (!eventName.IsEmpty)
        {
            Raw(client, "event: "u8);
            Raw(client, eventName);
            Raw(client, "\n"u8);
        }

        Raw(client, "data: "u8);
        _client = client;
        _json.Reset(client);
        return _json;
    }

    public void End()
    {
        _json.Flush();
        Raw(_client ?? throw new InvalidOperationException("End without Begin"), "\n\n"u8);
        _client = null;
    }

    /// <summary>A whole JSON body (non-streaming answers and errors): the same writer, no SSE framing.</summary>
    public Utf8JsonWriter BeginBody(IBufferWriter<byte> client)
    {
        _client = null;
        _json.Reset(client);
        return _json;
    }

    public void EndBody() => _json.Flush();

    /// <summary>Chat's terminal sentinel, <c>data: [DONE]</c>.</summary>
    public static void Done(IBufferWriter<byte> client) => Raw(client, "data: [DONE]\n\n"u8);

    /// <summary>An SSE comment: ignored by every client, but bytes on an otherwise silent connection.</summary>
    public static void Comment(IBufferWriter<byte> client, ReadOnlySpan<byte> text)
    {
        Raw(client, ": "u8);
        Raw(client, text);
        Raw(client, "\n\n"u8);
    }

    public static void Raw(IBufferWriter<byte> client, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(client.GetSpan(bytes.Length));
        client.Advance(bytes.Length);
    }
}

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodexHelper.Translation;

/// <summary>
/// Writes a translated upstream request body. Relaxed escaping keeps the client's non-ASCII text and tool
/// arguments as they were (the upstream reads UTF-8 JSON, and the inspector shows the body).
/// </summary>
internal static class RequestJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="sizeHint">The expected size: the client body's plus what the mapping adds.</param>
    /// <param name="write">Writes the whole body.</param>
    public static byte[] Write(int sizeHint, Action<Utf8JsonWriter> write)
    {
        var body = new ArrayBufferWriter<byte>(sizeHint);
        using (var json = new Utf8JsonWriter(body, Options))
        {
            write(json);
        }

        return body.WrittenSpan.ToArray();
    }
}

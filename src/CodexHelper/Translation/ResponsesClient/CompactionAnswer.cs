using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>
/// The answer to an emulated compaction (<see cref="CompactionEmulation"/>): the upstream's summary, translated into
/// Responses by <paramref name="inner"/>, is gathered whole (a summary is small; this is not the turn path), and Codex
/// gets the one <c>compaction</c> output item it requires. A failed summary is passed on as the inner translator wrote it.
/// </summary>
/// <param name="endpointKept">
/// For Codex's <c>POST /responses/compact</c>: the input's user messages (a JSON array), and the answer is that
/// endpoint's <c>response.compaction</c> object (<c>output</c>: those messages, then the compaction item). Null:
/// the answer is a <c>/responses</c> turn's.
/// </param>
internal sealed class CompactionAnswer(IResponseTranslator inner, bool streaming, byte[]? endpointKept = null) : IResponseTranslator
{
    private readonly ArrayBufferWriter<byte> _gathered = new();

    public string ClientContentType => endpointKept is null ? inner.ClientContentType : "application/json";

    public void Feed(ReadOnlySpan<byte> upstream, IBufferWriter<byte> client) => inner.Feed(upstream, _gathered);

    public void Finish(IBufferWriter<byte> client)
    {
        inner.Finish(_gathered);
        Answer(client);
    }

    public void TranslateBody(ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client)
    {
        inner.TranslateBody(upstreamBody, _gathered);
        Answer(client);
    }

    public void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, IBufferWriter<byte> client) => inner.TranslateError(status, upstreamBody, client);

    private void Answer(IBufferWriter<byte> client)
    {
        var final = streaming ? LastResponseEvent(_gathered.WrittenSpan) : Parse(_gathered.WrittenSpan);
        using (final)
        {
            var response = final?.RootElement.ValueKind == JsonValueKind.Object && final.RootElement.TryGetProperty("response", out var r) ? r : final?.RootElement;
            var summary = response is { } res && (string?)(res.TryGetProperty("status", out var st) ? st.GetString() : null) is not "failed" ? SummaryOf(res) : null;
            if (summary is null or "")
            {
                SseEventWriter.Raw(client, _gathered.WrittenSpan);
                return;
            }

            Write(client, response!.Value, CompactionEmulation.Wrap(summary));
        }
    }

    private void Write(IBufferWriter<byte> client, JsonElement response, string encrypted)
    {
        var sse = new SseEventWriter();
        var id = response.TryGetProperty("id", out var rid) ? rid.GetString() ?? "resp_compaction" : "resp_compaction";
        var sequence = 0;
        if (endpointKept is not null)
        {
            WriteCompacted(sse.BeginBody(client), response, id, endpointKept, encrypted);
            sse.EndBody();
            return;
        }

        if (!streaming)
        {
            WriteResponse(sse.BeginBody(client), response, id, encrypted);
            sse.EndBody();
            return;
        }

        var w = sse.Begin(client, "response.created"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "response.created"u8);
        w.WriteNumber("sequence_number"u8, sequence++);
        w.WriteStartObject("response"u8);
        w.WriteString("id"u8, id);
        w.WriteString("object"u8, "response"u8);
        w.WriteString("status"u8, "in_progress"u8);
        w.WriteStartArray("output"u8);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        sse.End();
        foreach (var type in new[] { "response.output_item.added", "response.output_item.done" })
        {
            w = sse.Begin(client, Encoding.UTF8.GetBytes(type));
            w.WriteStartObject();
            w.WriteString("type"u8, type);
            w.WriteNumber("sequence_number"u8, sequence++);
            w.WriteNumber("output_index"u8, 0);
            w.WritePropertyName("item"u8);
            Item(w, encrypted);
            w.WriteEndObject();
            sse.End();
        }

        w = sse.Begin(client, "response.completed"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "response.completed"u8);
        w.WriteNumber("sequence_number"u8, sequence);
        w.WritePropertyName("response"u8);
        WriteResponse(w, response, id, encrypted);
        w.WriteEndObject();
        sse.End();
    }

    private static void WriteResponse(Utf8JsonWriter w, JsonElement response, string id, string encrypted)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, id);
        w.WriteString("object"u8, "response"u8);
        w.WriteString("status"u8, "completed"u8);
        if (response.TryGetProperty("model", out var model))
        {
            w.WritePropertyName("model"u8);
            model.WriteTo(w);
        }

        w.WriteStartArray("output"u8);
        Item(w, encrypted);
        w.WriteEndArray();
        if (response.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            w.WritePropertyName("usage"u8);
            usage.WriteTo(w);
        }

        w.WriteEndObject();
    }

    /// <summary>The <c>/responses/compact</c> answer: <c>{"id","object":"response.compaction","created_at","output","usage"}</c>.</summary>
    private static void WriteCompacted(Utf8JsonWriter w, JsonElement response, string id, byte[] kept, string encrypted)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, id);
        w.WriteString("object"u8, "response.compaction"u8);
        w.WriteNumber("created_at"u8, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        w.WriteStartArray("output"u8);
        using (var users = JsonDocument.Parse(kept))
        {
            foreach (var message in users.RootElement.EnumerateArray())
            {
                message.WriteTo(w);
            }
        }

        Item(w, encrypted);
        w.WriteEndArray();
        if (response.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            w.WritePropertyName("usage"u8);
            usage.WriteTo(w);
        }

        w.WriteEndObject();
    }

    private static void Item(Utf8JsonWriter w, string encrypted)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, "cmp_" + Guid.NewGuid().ToString("N")[..24]);
        w.WriteString("type"u8, "compaction"u8);
        w.WriteString("encrypted_content"u8, encrypted);
        w.WriteEndObject();
    }

    /// <summary>The text of the response's message items.</summary>
    private static string? SummaryOf(JsonElement response)
    {
        if (!response.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var item in output.EnumerateArray())
        {
            if (item.TryGetProperty("type", out var t) && t.ValueEquals("message"u8) && item.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in content.EnumerateArray())
                {
                    if (part.TryGetProperty("text", out var piece) && piece.ValueKind == JsonValueKind.String)
                    {
                        text.Append(piece.GetString());
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The terminal event (<c>response.completed</c>/<c>incomplete</c>/<c>failed</c>) of the gathered stream: it holds the whole output.</summary>
    private static JsonDocument? LastResponseEvent(ReadOnlySpan<byte> stream)
    {
        var reader = new SseEventReader();
        try
        {
            reader.Append(stream);
            JsonDocument? last = null;
            while (reader.TryRead(out var name, out var data))
            {
                Keep(ref last, name, data);
            }

            if (reader.TryReadRest(out var restName, out var restData))
            {
                Keep(ref last, restName, restData);
            }

            return last;
        }
        finally
        {
            reader.Release();
        }
    }

    private static void Keep(ref JsonDocument? last, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        if (name.SequenceEqual("response.completed"u8) || name.SequenceEqual("response.incomplete"u8) || name.SequenceEqual("response.failed"u8))
        {
            last?.Dispose();
            last = Parse(data);
        }
    }

    private static JsonDocument? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>The top of a Responses request every upstream mapping reads the same way.</summary>
internal static class ResponsesRequest
{
    /// <summary>The body as a document; a body that is not a JSON object cannot be translated.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new TranslationException("the request body is not JSON: " + e.Message);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new TranslationException("the request body is not a JSON object");
        }

        if (ResponsesToolSet.Str(document.RootElement, "previous_response_id") is { Length: > 0 })
        {
            document.Dispose();
            throw new TranslationException("previous_response_id needs the upstream to keep conversations, which this upstream does not; send the whole input instead");
        }

        return document;
    }

    public static bool Streams(JsonElement request) =>
        request.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    /// <summary>Notes the request fields that matter to the user and have no equivalent upstream.</summary>
    public static void NoteDropped(JsonElement request, List<string> dropped)
    {
        if (request.TryGetProperty("store", out var store) && store.ValueKind == JsonValueKind.True)
        {
            dropped.Add("store: the upstream keeps nothing");
        }

        if (ResponsesToolSet.Str(request, "truncation") is "auto")
        {
            dropped.Add("truncation: auto");
        }
    }
}

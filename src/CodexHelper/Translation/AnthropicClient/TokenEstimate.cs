using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// Answers <c>POST /v1/messages/count_tokens</c> locally for upstreams that have no such endpoint. An estimate, not a
/// tokenizer: the UTF-8 bytes of the text Claude Code would send (system, messages, tools: strings and property names)
/// divided by 4, rounded up — about what BPE tokenizers give for English and code. An image counts as a flat
/// 1,600 tokens (Anthropic's figure for a large one), not as its base64 bytes, which would make Claude Code believe
/// its context is full and compact for nothing.
/// </summary>
internal static class TokenEstimate
{
    private const int BytesPerToken = 4;
    private const long ImageTokens = 1600;

    public static long InputTokens(ReadOnlySpan<byte> requestBody)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(requestBody.ToArray());
        }
        catch (JsonException ex)
        {
            throw new TranslationException("count_tokens body is not JSON: " + ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TranslationException("count_tokens body is not a JSON object");
            }

            var count = new Count();
            foreach (var name in (ReadOnlySpan<string>)["system", "messages", "tools"])
            {
                if (root.TryGetProperty(name, out var part))
                {
                    count.Walk(part);
                }
            }

            return (count.Bytes + BytesPerToken - 1) / BytesPerToken + count.FixedTokens;
        }
    }

    /// <summary>The answer body: <c>{"input_tokens":N}</c>.</summary>
    public static void WriteAnswer(ReadOnlySpan<byte> requestBody, IBufferWriter<byte> client)
    {
        var tokens = InputTokens(requestBody);
        using var json = new Utf8JsonWriter(client);
        json.WriteStartObject();
        json.WriteNumber("input_tokens", tokens);
        json.WriteEndObject();
    }

    private sealed class Count
    {
        public long Bytes { get; private set; }

        public long FixedTokens { get; private set; }

        public void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object when IsImage(element):
                    FixedTokens += ImageTokens;
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.NameEquals("cache_control"))
                        {
                            continue;
                        }

                        Bytes += Encoding.UTF8.GetByteCount(property.Name);
                        Walk(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
                case JsonValueKind.String:
                    Bytes += Encoding.UTF8.GetByteCount(element.GetString() ?? "");
                    break;
                case JsonValueKind.Number:
                    Bytes += element.GetRawText().Length;
                    break;
            }
        }

        private static bool IsImage(JsonElement element) =>
            element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("image");
    }
}

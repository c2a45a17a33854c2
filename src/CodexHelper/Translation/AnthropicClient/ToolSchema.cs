using System.Runtime.InteropServices;
using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// A tool's <c>input_schema</c> written as OpenAI function <c>parameters</c>: <c>$schema</c> dropped (OpenAI
/// rejects it), every <c>type:"object"</c> node given the <c>properties</c> OpenAI requires, a missing schema made
/// an empty object schema. Everything else is copied as the bytes it came in (names, strings, numbers unescaped
/// and escaped again would cost most of a Claude Code request's translation: its tools are 74 KB of it).
/// </summary>
internal static class ToolSchema
{
    public static void Write(Utf8JsonWriter json, JsonElement? schema)
    {
        if (schema is not { ValueKind: JsonValueKind.Object } node)
        {
            json.WriteRawValue("""{"type":"object","properties":{}}"""u8, skipInputValidation: true);
            return;
        }

        var buffer = new PooledBufferWriter(RawJson.Of(node).Length);
        try
        {
            Copy(buffer, node);
            json.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
        }
        finally
        {
            buffer.Release();
        }
    }

    private static void Copy(PooledBufferWriter to, JsonElement node)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                CopyObject(to, node);
                break;
            case JsonValueKind.Array:
                to.Append("["u8);
                var first = true;
                foreach (var item in node.EnumerateArray())
                {
                    if (!first)
                    {
                        to.Append(","u8);
                    }

                    Copy(to, item);
                    first = false;
                }

                to.Append("]"u8);
                break;
            default:
                to.Append(RawJson.Of(node));
                break;
        }
    }

    private static void CopyObject(PooledBufferWriter to, JsonElement node)
    {
        to.Append("{"u8);
        bool first = true, objectType = false, hasProperties = false;
        foreach (var property in node.EnumerateObject())
        {
            if (property.NameEquals("$schema"u8))
            {
                continue;
            }

            if (property.NameEquals("type"u8))
            {
                objectType = property.Value.ValueKind == JsonValueKind.String && property.Value.ValueEquals("object"u8);
            }

            hasProperties |= property.NameEquals("properties"u8);
            to.Append(first ? "\""u8 : ",\""u8);
            to.Append(JsonMarshal.GetRawUtf8PropertyName(property));
            to.Append("\":"u8);
            Copy(to, property.Value);
            first = false;
        }

        if (objectType && !hasProperties)
        {
            to.Append(first ? "\"properties\":{}"u8 : ",\"properties\":{}"u8);
        }

        to.Append("}"u8);
    }
}

using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// A tool's <c>input_schema</c> written as OpenAI function <c>parameters</c>: <c>$schema</c> dropped (OpenAI
/// rejects it), every <c>type:"object"</c> node given the <c>properties</c> OpenAI requires, a missing schema made
/// an empty object schema. Everything else is copied as it is.
/// </summary>
internal static class ToolSchema
{
    public static void Write(Utf8JsonWriter json, JsonElement? schema)
    {
        if (schema is not { ValueKind: JsonValueKind.Object } node)
        {
            json.WriteStartObject();
            json.WriteString("type", "object");
            json.WriteStartObject("properties");
            json.WriteEndObject();
            json.WriteEndObject();
            return;
        }

        WriteNode(json, node);
    }

    private static void WriteNode(Utf8JsonWriter json, JsonElement node)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in node.EnumerateObject())
                {
                    if (property.NameEquals("$schema"))
                    {
                        continue;
                    }

                    json.WritePropertyName(property.Name);
                    WriteNode(json, property.Value);
                }

                if (IsObjectType(node) && !node.TryGetProperty("properties", out _))
                {
                    json.WriteStartObject("properties");
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in node.EnumerateArray())
                {
                    WriteNode(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                node.WriteTo(json);
                break;
        }
    }

    private static bool IsObjectType(JsonElement node) =>
        node.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("object");
}

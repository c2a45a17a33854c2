using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>A Claude request's sampling settings as an OpenAI-family upstream takes them.</summary>
internal static class ClaudeSampling
{
    /// <summary>
    /// CPA's rule: temperature when given, top_p only without it (newer models reject both at once). Both keep
    /// their names and values on every OpenAI-family protocol.
    /// </summary>
    public static void WriteTemperatureOrTopP(Utf8JsonWriter json, JsonElement root)
    {
        if (root.TryGetProperty("temperature", out var temperature) && temperature.ValueKind == JsonValueKind.Number)
        {
            json.WritePropertyName("temperature");
            temperature.WriteTo(json);
        }
        else if (root.TryGetProperty("top_p", out var topP) && topP.ValueKind == JsonValueKind.Number)
        {
            json.WritePropertyName("top_p");
            topP.WriteTo(json);
        }
    }
}

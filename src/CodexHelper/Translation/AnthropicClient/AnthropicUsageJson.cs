using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>Writes a <c>usage</c> object; cache counts only when there are some (as Anthropic-style relays do).</summary>
internal static class AnthropicUsageJson
{
    public static void Write(Utf8JsonWriter json, AnthropicUsage usage)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("input_tokens", usage.Input);
        json.WriteNumber("output_tokens", usage.Output);
        if (usage.CacheRead > 0)
        {
            json.WriteNumber("cache_read_input_tokens", usage.CacheRead);
        }

        if (usage.CacheCreation > 0)
        {
            json.WriteNumber("cache_creation_input_tokens", usage.CacheCreation);
        }

        json.WriteEndObject();
    }
}

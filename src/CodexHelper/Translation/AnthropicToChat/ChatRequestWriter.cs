using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>The top level of a Claude Code request as a Chat Completions request (spec §C.1).</summary>
internal static class ChatRequestWriter
{
    // Read by the mapping itself; anything else at the top level has no Chat equivalent.
    private static readonly HashSet<string> Mapped =
    [
        "model", "messages", "system", "max_tokens", "stop_sequences", "temperature", "top_p", "metadata", "stream",
        "tools", "tool_choice", "thinking", "output_config",
    ];

    // OpenAI accepts at most four stop strings.
    private const int MaxStops = 4;

    public static void Write(Utf8JsonWriter json, JsonElement root, ToolNameMap names, DropNotes dropped, ChatUpstreamOptions options)
    {
        json.WriteStartObject();
        json.WriteString("model", ClaudeRequest.Model(root));
        var tools = ClaudeTools.Register(root, names);
        ChatMessagesWriter.Write(json, root, names, dropped, options);
        WriteSampling(json, root, dropped, options);
        var streams = ClaudeRequest.Streams(root);
        json.WriteBoolean("stream", streams);
        if (streams && options.StreamOptions)
        {
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
        }

        ChatToolsWriter.Write(json, root, tools, names, dropped);
        if (options.ReasoningEffort && ReasoningEffort.From(root) is { } effort)
        {
            json.WriteString("reasoning_effort", effort);
        }

        if (ClaudeRequest.UserId(root) is { } user)
        {
            json.WriteString("user", user);
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!Mapped.Contains(property.Name))
            {
                dropped.Add($"{property.Name}: no Chat Completions equivalent");
            }
        }

        json.WriteEndObject();
    }

    private static void WriteSampling(Utf8JsonWriter json, JsonElement root, DropNotes dropped, ChatUpstreamOptions options)
    {
        if (root.TryGetProperty("max_tokens", out var max) && max.TryGetInt64(out var tokens))
        {
            if (options.MaxOutputTokens is { } cap && tokens > cap)
            {
                tokens = cap;
            }

            json.WriteNumber(options.MaxCompletionTokens ? "max_completion_tokens" : "max_tokens", tokens);
        }

        ClaudeSampling.WriteTemperatureOrTopP(json, root);

        if (root.TryGetProperty("stop_sequences", out var stops) && stops.ValueKind == JsonValueKind.Array && stops.GetArrayLength() > 0)
        {
            json.WriteStartArray("stop");
            var written = 0;
            foreach (var stop in stops.EnumerateArray())
            {
                if (stop.ValueKind == JsonValueKind.String && written++ < MaxStops)
                {
                    stop.WriteTo(json);
                }
            }

            json.WriteEndArray();
            if (written > MaxStops)
            {
                dropped.Add($"stop_sequences beyond the first {MaxStops}: Chat Completions takes at most {MaxStops}");
            }
        }
    }
}

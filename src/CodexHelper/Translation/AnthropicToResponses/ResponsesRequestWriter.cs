using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>The top level of a Claude Code request as a Responses request (spec §E.2), stateless (<c>store:false</c>).</summary>
internal static class ResponsesRequestWriter
{
    private static readonly HashSet<string> Mapped =
    [
        "model", "messages", "system", "max_tokens", "temperature", "top_p", "metadata", "stream", "tools", "tool_choice",
        "thinking", "output_config",
    ];

    public static void Write(Utf8JsonWriter json, JsonElement root, ToolNameMap names, DropNotes dropped, ResponsesUpstreamOptions options)
    {
        json.WriteStartObject();
        json.WriteString("model", ClaudeRequest.Model(root));
        var tools = ClaudeTools.Register(root, names);
        var system = ClaudeRequest.SystemTexts(root, dropped);
        if (system.Count > 0)
        {
            JsonText.Join("\n\n", system).Write(json, "instructions"u8);
        }

        ResponsesInputWriter.Write(json, root, names, dropped);
        ResponsesToolsWriter.Write(json, root, tools, names, dropped);
        if (options.Reasoning && ReasoningEffort.From(root) is { } effort)
        {
            json.WriteStartObject("reasoning");
            json.WriteString("effort", effort);
            json.WriteString("summary", "auto");
            json.WriteEndObject();
            // The reasoning comes back as encrypted_content, replayed next turn as the thinking block's signature.
            json.WriteStartArray("include");
            json.WriteStringValue("reasoning.encrypted_content");
            json.WriteEndArray();
        }

        WriteSampling(json, root, options);
        if (ClaudeRequest.UserId(root) is { } user)
        {
            json.WriteString("user", user);
        }

        json.WriteBoolean("store", false);
        json.WriteBoolean("stream", ClaudeRequest.Streams(root));
        foreach (var property in root.EnumerateObject())
        {
            if (!Mapped.Contains(property.Name))
            {
                dropped.Add($"{property.Name}: no Responses equivalent");
            }
        }

        json.WriteEndObject();
    }

    private static void WriteSampling(Utf8JsonWriter json, JsonElement root, ResponsesUpstreamOptions options)
    {
        if (options.SendMaxOutputTokens && root.TryGetProperty("max_tokens", out var max) && max.TryGetInt64(out var tokens))
        {
            json.WriteNumber("max_output_tokens", options.MaxOutputTokens is { } cap && tokens > cap ? cap : tokens);
        }

        ClaudeSampling.WriteTemperatureOrTopP(json, root);
    }
}

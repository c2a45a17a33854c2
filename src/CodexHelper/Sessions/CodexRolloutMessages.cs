using System.Text;
using System.Text.Json;
using CodexHelper.Files;

namespace CodexHelper.Sessions;

/// <summary>
/// Reads a rollout's messages in file order. The user's prompts may be recorded twice (an
/// <c>event_msg/user_message</c> and a <c>response_item</c> message); when any event is present the
/// events are the truth, otherwise (0.169) the response items are, minus injected context.
/// </summary>
internal static class CodexRolloutMessages
{
    private enum Origin
    {
        Event,
        Item,
    }

    public static List<TranscriptMessage> Read(string path, bool userOnly)
    {
        var entries = new List<(TranscriptMessage Message, Origin Origin)>();
        using (var stream = SessionFiles.OpenRead(path))
        using (var lines = new JsonlLineReader(stream))
        {
            while (lines.TryReadLine(out var line))
            {
                // Cheap byte test first: most lines of a big rollout are tool output and reasoning.
                if (userOnly && line.Span.IndexOf("\"user"u8) < 0)
                {
                    continue;
                }

                try
                {
                    using var doc = JsonDocument.Parse(line);
                    Collect(doc.RootElement, userOnly, entries);
                }
                catch (JsonException)
                {
                    // A torn or malformed line is skipped; the rest of the session is still useful.
                }
            }
        }

        var userFromEvents = entries.Exists(e => e.Message.Role == TranscriptMessage.User && e.Origin == Origin.Event);
        var assistantFromItems = entries.Exists(e => e.Message.Role == TranscriptMessage.Assistant && e.Origin == Origin.Item);
        var result = new List<TranscriptMessage>(entries.Count);
        foreach (var (message, origin) in entries)
        {
            var keep = message.Role switch
            {
                TranscriptMessage.User => (origin == Origin.Event) == userFromEvents,
                TranscriptMessage.Assistant => (origin == Origin.Item) == assistantFromItems,
                _ => true,
            };
            if (keep)
            {
                result.Add(message);
            }
        }

        return result;
    }

    private static void Collect(JsonElement record, bool userOnly, List<(TranscriptMessage, Origin)> entries)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var timestamp = JsonTimestamp.Read(record, "timestamp");
        var type = Str(record, "type");
        // The earliest rollouts wrote bare response items without the {type, payload} envelope.
        var payload = record.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p : record;
        var payloadType = Str(payload, "type");

        if (type == "event_msg")
        {
            CollectEvent(payload, payloadType, timestamp, userOnly, entries);
        }
        else if (type is "response_item" or null or "message" or "function_call" or "custom_tool_call" or "local_shell_call")
        {
            CollectItem(payload, payloadType, timestamp, userOnly, entries);
        }
    }

    /// <summary>An <c>event_msg</c>: the user's prompt or the agent's reply as the client showed them.</summary>
    private static void CollectEvent(JsonElement payload, string? payloadType, DateTimeOffset? timestamp, bool userOnly, List<(TranscriptMessage, Origin)> entries)
    {
        if (payloadType == "user_message" && Str(payload, "message") is { } message && !UserText.IsInjected(message, SessionSource.Codex))
        {
            entries.Add((new TranscriptMessage(TranscriptMessage.User, timestamp, message.Trim()), Origin.Event));
        }
        else if (!userOnly && payloadType == "agent_message" && Str(payload, "message") is { Length: > 0 } reply)
        {
            entries.Add((new TranscriptMessage(TranscriptMessage.Assistant, timestamp, reply.Trim()), Origin.Event));
        }
    }

    /// <summary>A response item: a message (minus injected context) or a tool call, summarised.</summary>
    private static void CollectItem(JsonElement payload, string? payloadType, DateTimeOffset? timestamp, bool userOnly, List<(TranscriptMessage, Origin)> entries)
    {
        switch (payloadType)
        {
            case "message":
                var role = Str(payload, "role");
                var text = ContentText(payload);
                if (text.Length == 0)
                {
                    return;
                }

                if (role == "user" && IsUserProvenance(payload) && !UserText.IsInjected(text, SessionSource.Codex))
                {
                    entries.Add((new TranscriptMessage(TranscriptMessage.User, timestamp, text), Origin.Item));
                }
                else if (!userOnly && role == "assistant")
                {
                    entries.Add((new TranscriptMessage(TranscriptMessage.Assistant, timestamp, text), Origin.Item));
                }

                break;
            case "function_call" when !userOnly:
                entries.Add((TranscriptMessage.ToolCall(timestamp, Str(payload, "name") ?? "function", ToolCallSummary.FromArguments(Str(payload, "arguments"))), Origin.Item));
                break;
            case "custom_tool_call" when !userOnly:
                entries.Add((TranscriptMessage.ToolCall(timestamp, Str(payload, "name") ?? "tool", ToolCallSummary.FromArguments(Str(payload, "input"))), Origin.Item));
                break;
            case "local_shell_call" when !userOnly:
                var action = payload.TryGetProperty("action", out var a) ? ToolCallSummary.FromElement(a) : "";
                entries.Add((TranscriptMessage.ToolCall(timestamp, "shell", action), Origin.Item));
                break;
            case "web_search_call" when !userOnly:
                var search = payload.TryGetProperty("action", out var s) ? ToolCallSummary.FromElement(s) : "";
                entries.Add((TranscriptMessage.ToolCall(timestamp, "web_search", search), Origin.Item));
                break;
        }
    }

    /// <summary>0.169 marks injected user-role messages with a non-user provenance (e.g. "harness").</summary>
    private static bool IsUserProvenance(JsonElement payload)
    {
        if (!payload.TryGetProperty("provenance", out var provenance))
        {
            return true;
        }

        var value = provenance.ValueKind switch
        {
            JsonValueKind.String => provenance.GetString(),
            JsonValueKind.Object => Str(provenance, "type") ?? Str(provenance, "kind") ?? Str(provenance, "source"),
            _ => null,
        };
        return value is null || value.Equals("user", StringComparison.OrdinalIgnoreCase);
    }

    private static string ContentText(JsonElement payload)
    {
        if (!payload.TryGetProperty("content", out var content))
        {
            return "";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()?.Trim() ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var builder = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (Str(part, "type") is "input_text" or "output_text" or "text" && Str(part, "text") is { } text)
            {
                if (builder.Length > 0)
                {
                    builder.Append('\n');
                }

                builder.Append(text);
            }
        }

        return builder.ToString().Trim();
    }

    internal static string? Str(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

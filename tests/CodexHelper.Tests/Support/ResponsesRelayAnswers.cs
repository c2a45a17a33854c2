using System.Text.Json.Nodes;

namespace CodexHelper.Tests.Support;

/// <summary>An OpenAI Responses relay's answers, in the event shapes the Responses API streams.</summary>
internal static class ResponsesRelayAnswers
{
    public static (string? LastText, string? ToolResult) Last(JsonObject request)
    {
        var input = request["input"] as JsonArray ?? [];
        var last = input.LastOrDefault();
        if ((string?)last?["type"] == "function_call_output")
        {
            return (null, RelayTurn.TextOf(last!["output"]));
        }

        var user = input.LastOrDefault(i => (string?)i?["role"] == "user");
        return (RelayTurn.TextOf(user?["content"]) ?? (request["input"] is JsonValue v ? v.GetValue<string>() : null), null);
    }

    private static JsonObject Usage() => new()
    {
        ["input_tokens"] = OneProtocolRelay.InputTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = OneProtocolRelay.CachedTokens },
        ["output_tokens"] = OneProtocolRelay.OutputTokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
        ["total_tokens"] = OneProtocolRelay.InputTokens + OneProtocolRelay.OutputTokens,
    };

    private static JsonObject Item(RelayTurn turn, bool done) => turn.ToolName is null
        ? new JsonObject
        {
            ["id"] = "msg_relay_1", ["type"] = "message", ["status"] = done ? "completed" : "in_progress", ["role"] = "assistant",
            ["content"] = done ? new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = turn.Text, ["annotations"] = new JsonArray() }) : new JsonArray(),
        }
        : new JsonObject
        {
            ["id"] = "fc_relay_1", ["type"] = "function_call", ["status"] = done ? "completed" : "in_progress",
            ["call_id"] = "call_relay_1", ["name"] = turn.ToolName, ["arguments"] = done ? turn.ToolArguments : "",
        };

    private static JsonObject Response(RelayTurn turn, bool done) => new()
    {
        ["id"] = "resp_relay_1", ["object"] = "response", ["status"] = done ? "completed" : "in_progress", ["model"] = "relay-model",
        ["output"] = done ? new JsonArray(Item(turn, true)) : new JsonArray(),
        ["usage"] = done ? Usage() : null,
    };

    public static IEnumerable<string> For(RelayTurn turn, bool stream)
    {
        if (!stream)
        {
            yield return Response(turn, true).ToJsonString();
            yield break;
        }

        yield return RelayTurn.Sse("response.created", new JsonObject { ["type"] = "response.created", ["response"] = Response(turn, false) });
        yield return RelayTurn.Sse("response.output_item.added", new JsonObject { ["type"] = "response.output_item.added", ["output_index"] = 0, ["item"] = Item(turn, false) });
        var first = RelayTurn.SplitInTwo(turn.ToolName is null ? turn.Text! : turn.ToolArguments, out var rest);
        foreach (var piece in new[] { first, rest })
        {
            yield return turn.ToolName is null
                ? RelayTurn.Sse("response.output_text.delta", new JsonObject { ["type"] = "response.output_text.delta", ["item_id"] = "msg_relay_1", ["output_index"] = 0, ["content_index"] = 0, ["delta"] = piece })
                : RelayTurn.Sse("response.function_call_arguments.delta", new JsonObject { ["type"] = "response.function_call_arguments.delta", ["item_id"] = "fc_relay_1", ["output_index"] = 0, ["delta"] = piece });
        }

        yield return RelayTurn.Sse("response.output_item.done", new JsonObject { ["type"] = "response.output_item.done", ["output_index"] = 0, ["item"] = Item(turn, true) });
        yield return RelayTurn.Sse("response.completed", new JsonObject { ["type"] = "response.completed", ["response"] = Response(turn, true) });
    }
}

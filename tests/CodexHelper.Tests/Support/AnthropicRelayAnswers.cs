using System.Text.Json.Nodes;

namespace CodexHelper.Tests.Support;

/// <summary>An Anthropic Messages relay's answers, in the event shapes the Messages API streams.</summary>
internal static class AnthropicRelayAnswers
{
    public static (string? LastText, string? ToolResult) Last(JsonObject request)
    {
        var messages = request["messages"] as JsonArray ?? [];
        var last = messages.LastOrDefault(m => (string?)m?["role"] == "user");
        if (last?["content"] is JsonArray blocks && blocks.FirstOrDefault(b => (string?)b?["type"] == "tool_result") is { } result)
        {
            return (null, RelayTurn.TextOf(result["content"]));
        }

        return (RelayTurn.TextOf(last?["content"]), null);
    }

    // Anthropic counts cached tokens apart from input_tokens.
    private static JsonObject Usage(int output) => new()
    {
        ["input_tokens"] = OneProtocolRelay.InputTokens - OneProtocolRelay.CachedTokens,
        ["cache_read_input_tokens"] = OneProtocolRelay.CachedTokens,
        ["cache_creation_input_tokens"] = 0,
        ["output_tokens"] = output,
    };

    public static IEnumerable<string> For(RelayTurn turn, bool stream)
    {
        var stop = turn.ToolName is null ? "end_turn" : "tool_use";
        if (!stream)
        {
            JsonNode block = turn.ToolName is null
                ? new JsonObject { ["type"] = "text", ["text"] = turn.Text }
                : new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_relay_1", ["name"] = turn.ToolName, ["input"] = JsonNode.Parse(turn.ToolArguments) };
            yield return new JsonObject
            {
                ["id"] = "msg_relay_1", ["type"] = "message", ["role"] = "assistant", ["model"] = "relay-model",
                ["content"] = new JsonArray(block), ["stop_reason"] = stop, ["stop_sequence"] = null, ["usage"] = Usage(OneProtocolRelay.OutputTokens),
            }.ToJsonString();
            yield break;
        }

        yield return RelayTurn.Sse("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = "msg_relay_1", ["type"] = "message", ["role"] = "assistant", ["model"] = "relay-model",
                ["content"] = new JsonArray(), ["stop_reason"] = null, ["stop_sequence"] = null, ["usage"] = Usage(1),
            },
        });
        yield return RelayTurn.Sse("ping", new JsonObject { ["type"] = "ping" });
        JsonObject start = turn.ToolName is null
            ? new JsonObject { ["type"] = "text", ["text"] = "" }
            : new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_relay_1", ["name"] = turn.ToolName, ["input"] = new JsonObject() };
        yield return RelayTurn.Sse("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = start });
        var first = RelayTurn.SplitInTwo(turn.ToolName is null ? turn.Text! : turn.ToolArguments, out var rest);
        foreach (var piece in new[] { first, rest })
        {
            JsonObject delta = turn.ToolName is null
                ? new JsonObject { ["type"] = "text_delta", ["text"] = piece }
                : new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece };
            yield return RelayTurn.Sse("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = delta });
        }

        yield return RelayTurn.Sse("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        yield return RelayTurn.Sse("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = stop, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = OneProtocolRelay.OutputTokens },
        });
        yield return RelayTurn.Sse("message_stop", new JsonObject { ["type"] = "message_stop" });
    }
}

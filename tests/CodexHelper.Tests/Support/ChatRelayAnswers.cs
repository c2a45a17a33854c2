using System.Text.Json.Nodes;

namespace CodexHelper.Tests.Support;

/// <summary>A Chat Completions relay's answers, in the chunk shapes OpenAI-compatible relays stream.</summary>
internal static class ChatRelayAnswers
{
    public static (string? LastText, string? ToolResult) Last(JsonObject request)
    {
        var messages = request["messages"] as JsonArray ?? [];
        var last = messages.LastOrDefault();
        if ((string?)last?["role"] == "tool")
        {
            return (null, RelayTurn.TextOf(last!["content"]));
        }

        var user = messages.LastOrDefault(m => (string?)m?["role"] == "user");
        return (RelayTurn.TextOf(user?["content"]), null);
    }

    private static JsonObject Usage() => new()
    {
        ["prompt_tokens"] = OneProtocolRelay.InputTokens,
        ["completion_tokens"] = OneProtocolRelay.OutputTokens,
        ["total_tokens"] = OneProtocolRelay.InputTokens + OneProtocolRelay.OutputTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = OneProtocolRelay.CachedTokens },
    };

    public static IEnumerable<string> For(RelayTurn turn, bool stream, bool includeUsage)
    {
        var finish = turn.ToolName is null ? "stop" : "tool_calls";
        if (!stream)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = turn.Text };
            if (turn.ToolName is not null)
            {
                message["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["id"] = "call_relay_1",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = turn.ToolName, ["arguments"] = turn.ToolArguments },
                });
            }

            yield return new JsonObject
            {
                ["id"] = "chatcmpl-1", ["object"] = "chat.completion", ["model"] = "relay-model",
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
                ["usage"] = Usage(),
            }.ToJsonString();
            yield break;
        }

        yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        if (turn.ToolName is null)
        {
            var first = RelayTurn.SplitInTwo(turn.Text!, out var rest);
            yield return Chunk(new JsonObject { ["content"] = first }, null);
            yield return Chunk(new JsonObject { ["content"] = rest }, null);
        }
        else
        {
            yield return Chunk(ToolDelta(new JsonObject { ["name"] = turn.ToolName, ["arguments"] = "" }, withId: true), null);
            var first = RelayTurn.SplitInTwo(turn.ToolArguments, out var rest);
            yield return Chunk(ToolDelta(new JsonObject { ["arguments"] = first }, withId: false), null);
            yield return Chunk(ToolDelta(new JsonObject { ["arguments"] = rest }, withId: false), null);
        }

        yield return Chunk(new JsonObject(), finish);
        if (includeUsage)
        {
            // As OpenAI sends it: after the finish_reason chunk, with no choices.
            yield return RelayTurn.Sse(null, new JsonObject { ["id"] = "chatcmpl-1", ["object"] = "chat.completion.chunk", ["model"] = "relay-model", ["choices"] = new JsonArray(), ["usage"] = Usage() });
        }

        yield return "data: [DONE]\n\n";
    }

    private static JsonObject ToolDelta(JsonObject function, bool withId)
    {
        var call = new JsonObject { ["index"] = 0 };
        if (withId)
        {
            call["id"] = "call_relay_1";
            call["type"] = "function";
        }

        call["function"] = function;
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private static string Chunk(JsonObject delta, string? finish) => RelayTurn.Sse(null, new JsonObject
    {
        ["id"] = "chatcmpl-1", ["object"] = "chat.completion.chunk", ["model"] = "relay-model",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    });
}

using System.Text;
using System.Text.Json.Nodes;

namespace CodexHelper.Tests.Support;

/// <summary>
/// A multi-turn conversation as Codex or Claude Code keeps it: each answer's items (reasoning with its
/// <c>encrypted_content</c>, thinking with its signature, tool calls) go back verbatim in the next turn, with the
/// client's session header. <see cref="LastBody"/> is the exact body of the last turn sent.
/// </summary>
/// <param name="keyInBody">A Responses client that sends no session header, only the body's <c>prompt_cache_key</c>.</param>
internal sealed class ClientConversation(bool claude, string session = "sess-1", bool keyInBody = false)
{
    private readonly JsonArray _history = [];

    public byte[] LastBody { get; private set; } = [];

    /// <summary>Sends the next user turn (or, after a tool call, its result) and takes the answer into the history.</summary>
    public async Task<HttpResponseMessage> TurnAsync(HttpClient proxy, string text)
    {
        _history.Add(UserTurn(text));
        var body = claude
            ? new JsonObject { ["model"] = "claude-sonnet-4-5", ["max_tokens"] = 4096, ["stream"] = true, ["thinking"] = new JsonObject { ["type"] = "enabled", ["budget_tokens"] = 2048 }, ["messages"] = _history.DeepClone() }
            : new JsonObject { ["model"] = "gpt-5", ["stream"] = true, ["store"] = false, ["include"] = new JsonArray("reasoning.encrypted_content"), ["input"] = _history.DeepClone() };
        if (keyInBody)
        {
            body["prompt_cache_key"] = session;
        }

        LastBody = Encoding.UTF8.GetBytes(body.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, claude ? "/v1/messages" : "/responses") { Content = new ByteArrayContent(LastBody) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (!keyInBody)
        {
            request.Headers.Add(claude ? "x-claude-code-session-id" : "session_id", session);
        }
        if (claude)
        {
            request.Headers.Add("anthropic-version", "2023-06-01");
        }

        var response = await proxy.SendAsync(request);
        var stream = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            TakeAnswer(stream);
        }

        return response;
    }

    private JsonObject UserTurn(string text)
    {
        if (!claude)
        {
            return new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = text }) };
        }

        var calledTool = _history.LastOrDefault()?["content"] is JsonArray last && last.Any(b => b!["type"]!.GetValue<string>() == "tool_use");
        JsonNode block = calledTool
            ? new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "toolu_1", ["content"] = text }
            : new JsonObject { ["type"] = "text", ["text"] = text };
        return new JsonObject { ["role"] = "user", ["content"] = new JsonArray(block) };
    }

    private void TakeAnswer(string stream)
    {
        var events = stream.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l[6..])!.AsObject()).ToList();
        if (!claude)
        {
            foreach (var done in events.Where(e => e["type"]!.GetValue<string>() == "response.output_item.done"))
            {
                _history.Add(done["item"]!.DeepClone());
            }

            return;
        }

        var blocks = new List<JsonObject>();
        foreach (var e in events)
        {
            switch (e["type"]!.GetValue<string>())
            {
                case "content_block_start":
                    blocks.Add(e["content_block"]!.DeepClone().AsObject());
                    break;
                case "content_block_delta":
                    Apply(blocks[e["index"]!.GetValue<int>()], e["delta"]!.AsObject());
                    break;
            }
        }

        _history.Add(new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray([.. blocks]) });
    }

    private static void Apply(JsonObject block, JsonObject delta)
    {
        var (field, value) = delta["type"]!.GetValue<string>() switch
        {
            "thinking_delta" => ("thinking", delta["thinking"]!.GetValue<string>()),
            "signature_delta" => ("signature", delta["signature"]!.GetValue<string>()),
            "text_delta" => ("text", delta["text"]!.GetValue<string>()),
            _ => ("partial", delta["partial_json"]!.GetValue<string>()),
        };
        if (field == "partial")
        {
            block["input"] = JsonNode.Parse(value);
            return;
        }

        block[field] = (block[field]?.GetValue<string>() ?? "") + value;
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Support;

/// <summary>
/// A relay that mints reasoning state of its own and, like the real providers, refuses state it did not mint with
/// their real 400 bodies. Speaking Responses, each answer streams a <c>reasoning</c> item whose <c>encrypted_content</c>
/// is <c>gAAAAA-name-n</c>; speaking Anthropic, a thinking block signed <c>sig-name-n</c> (sent in two
/// <c>signature_delta</c> pieces, as a long signature may be), optionally followed by a tool call. An Anthropic relay
/// also enforces that, with thinking on, an assistant turn that called a tool opens with its thinking block.
/// While <see cref="Down"/> it answers 503.
/// </summary>
internal sealed class StatefulRelay : IAsyncDisposable
{
    public const string OpenAiForeignState = """{"error":{"message":"The encrypted content for item rs_0 could not be verified. Reason: Encrypted content organization_id did not match the target organization.","type":"invalid_request_error","param":null,"code":"invalid_encrypted_content"}}""";
    public const string AnthropicForeignState = """{"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0: Invalid `signature` in `thinking` block"}}""";

    private readonly StubUpstream _stub;
    private readonly HashSet<string> _minted = [];
    private int _turns;

    private StatefulRelay(StubUpstream stub, string name, bool anthropic)
    {
        _stub = stub;
        Name = name;
        Anthropic = anthropic;
    }

    public string Name { get; }
    public bool Anthropic { get; }
    public string BaseUrl => _stub.BaseUrl;
    public bool Down { get; set; }

    /// <summary>Set: the relay goes <see cref="Down"/> once it has answered the next turn (it dies between two requests).</summary>
    public bool DownAfterNextAnswer { get; set; }

    /// <summary>
    /// Anthropic only, default on: the signature comes in two <c>signature_delta</c> pieces. Off for the real Claude
    /// Code, which like the real API's single delta keeps only the last piece it got.
    /// </summary>
    public bool SplitsSignature { get; set; } = true;

    /// <summary>Anthropic only: the next answers end with a tool call after their thinking block.</summary>
    public bool CallsTool { get; set; }

    /// <summary>The turns it was sent (503s while down included).</summary>
    public IReadOnlyList<SeenRequest> Seen => [.. _stub.Requests.Where(IsTurn)];

    /// <summary>Every request it was sent, side requests included.</summary>
    public IReadOnlyList<SeenRequest> All => [.. _stub.Requests];

    /// <summary>What it answered each turn with: its status.</summary>
    public List<int> Statuses { get; } = [];

    public static async Task<StatefulRelay> StartAsync(string name, bool anthropic)
    {
        StatefulRelay? self = null;
        var stub = await StubUpstream.StartAsync((ctx, seen) => self!.HandleAsync(ctx, seen));
        self = new StatefulRelay(stub, name, anthropic);
        return self;
    }

    private async Task HandleAsync(HttpContext ctx, SeenRequest seen)
    {
        if (!IsTurn(seen))
        {
            // A real client's side requests (Codex's model list, Claude Code's token count) get what such a relay answers.
            ctx.Response.StatusCode = seen.Path.EndsWith("/count_tokens", StringComparison.Ordinal) ? 200 : 404;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(ctx.Response.StatusCode == 200 ? """{"input_tokens":10}""" : """{"error":{"message":"not found"}}""");
            return;
        }

        var (status, body) = Down ? (503, """{"error":{"message":"overloaded"}}""") : Judge(JsonNode.Parse(seen.Body)!.AsObject());
        lock (Statuses)
        {
            Statuses.Add(status);
        }

        ctx.Response.StatusCode = status;
        if (status != 200)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(body);
            return;
        }

        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.WriteAsync(Anthropic ? AnthropicStream() : ResponsesStream());
        Down |= DownAfterNextAnswer;
    }

    private bool IsTurn(SeenRequest seen) =>
        seen.Method == "POST" && seen.Path.EndsWith(Anthropic ? "/messages" : "/responses", StringComparison.Ordinal);

    /// <summary>The provider's verdict on the request's state: 200, or its 400 for foreign or missing state.</summary>
    private (int, string) Judge(JsonObject request)
    {
        if (Anthropic)
        {
            var messages = request["messages"]!.AsArray();
            foreach (var block in messages.SelectMany(m => m!["content"] is JsonArray c ? c : []))
            {
                var type = block!["type"]?.GetValue<string>();
                if ((type == "thinking" && !Mine(block["signature"]?.GetValue<string>())) || (type == "redacted_thinking" && !Mine(block["data"]?.GetValue<string>())))
                {
                    return (400, AnthropicForeignState);
                }
            }

            var lastAssistant = messages.LastOrDefault(m => m!["role"]!.GetValue<string>() == "assistant")?["content"] as JsonArray;
            var thinkingOn = request["thinking"]?["type"]?.GetValue<string>() is "enabled" or "adaptive";
            if (thinkingOn && lastAssistant is not null && lastAssistant.Any(b => b!["type"]!.GetValue<string>() == "tool_use") && lastAssistant[0]!["type"]!.GetValue<string>() is not ("thinking" or "redacted_thinking"))
            {
                return (400, """{"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final `assistant` message must start with a thinking block."}}""");
            }

            return (200, "");
        }

        foreach (var item in request["input"] is JsonArray input ? input : [])
        {
            if (item!["encrypted_content"]?.GetValue<string>() is { } encrypted && !Mine(encrypted))
            {
                return (400, OpenAiForeignState);
            }
        }

        return (200, "");
    }

    private bool Mine(string? state)
    {
        lock (_minted)
        {
            return state is not null && _minted.Contains(state);
        }
    }

    private string Mint(string prefix)
    {
        var state = $"{prefix}-{Name}-{Interlocked.Increment(ref _turns)}";
        lock (_minted)
        {
            _minted.Add(state);
        }

        return state;
    }

    private string ResponsesStream()
    {
        var encrypted = Mint("gAAAAA");
        var item = $$"""{"id":"rs_{{_turns}}","type":"reasoning","summary":[{"type":"summary_text","text":"thought on {{Name}}"}],"encrypted_content":"{{encrypted}}"}""";
        var message = $$"""{"id":"msg_{{_turns}}","type":"message","role":"assistant","content":[{"type":"output_text","text":"answer from {{Name}}"}]}""";
        var sb = new StringBuilder();
        sb.Append("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}\n\n");
        sb.Append($"event: response.output_item.done\ndata: {{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{item}}}\n\n");
        sb.Append($"event: response.output_item.done\ndata: {{\"type\":\"response.output_item.done\",\"output_index\":1,\"item\":{message}}}\n\n");
        sb.Append($"event: response.completed\ndata: {{\"type\":\"response.completed\",\"response\":{{\"id\":\"resp_1\",\"output\":[{item},{message}],\"usage\":{{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}}}}}\n\n");
        return sb.ToString();
    }

    private string AnthropicStream()
    {
        var signature = Mint("sig");
        var half = SplitsSignature ? signature.Length / 2 : 0;
        var sb = new StringBuilder();
        void Event(string type, string data) => sb.Append($"event: {type}\ndata: {data}\n\n");
        Event("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude","usage":{"input_tokens":10,"output_tokens":1}}}""");
        Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""");
        Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"thought on {{{Name}}}"}}""");
        if (half > 0)
        {
            Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"{{{signature[..half]}}}"}}""");
        }

        Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"{{{signature[half..]}}}"}}""");
        Event("content_block_stop", """{"type":"content_block_stop","index":0}""");
        if (CallsTool)
        {
            Event("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"Bash","input":{}}}""");
            Event("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"command\":\"ls\"}"}}""");
        }
        else
        {
            Event("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}""");
            Event("content_block_delta", $$$"""{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"answer from {{{Name}}}"}}""");
        }

        Event("content_block_stop", """{"type":"content_block_stop","index":1}""");
        Event("message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{(CallsTool ? "tool_use" : "end_turn")}}}"},"usage":{"output_tokens":5}}""");
        Event("message_stop", """{"type":"message_stop"}""");
        return sb.ToString();
    }

    public ValueTask DisposeAsync() => _stub.DisposeAsync();
}

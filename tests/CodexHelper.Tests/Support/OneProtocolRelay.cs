using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Support;

/// <summary>
/// A relay that speaks exactly one protocol ("chat", "anthropic" or "responses") and answers 404 on the others'
/// paths, like the relays users hold. A turn whose last user text asks it to (contains <see cref="ToolPrompt"/>)
/// is answered with a call of the client's shell tool (Codex's <c>exec_command</c>, Claude Code's <c>Bash</c>,
/// whichever was declared) running <see cref="ToolCommand"/>; a turn that ends with that tool's result is answered
/// with <see cref="ToolSeen"/> and the result's text; any other turn with <see cref="Answer"/>. Streams or not as asked,
/// with usage in the protocol's own form (<see cref="InputTokens"/>, <see cref="CachedTokens"/>, <see cref="OutputTokens"/>).
/// </summary>
internal sealed class OneProtocolRelay : IAsyncDisposable
{
    public const string ToolPrompt = "RUN-THE-TOOL";
    public const string ToolCommand = "echo tool-ran-ok";
    public const string ToolSeen = "The tool said: ";
    public const string Answer = "Hello from the one-protocol relay";
    public const int InputTokens = 1234;
    public const int CachedTokens = 200;
    public const int OutputTokens = 56;

    private readonly StubUpstream _stub;

    private OneProtocolRelay(StubUpstream stub, string protocol)
    {
        _stub = stub;
        Protocol = protocol;
    }

    public string Protocol { get; }

    /// <summary>The base_url to configure: <c>…/v1</c> for OpenAI-style relays, the bare host for Anthropic ones.</summary>
    public string BaseUrl => Protocol == "anthropic" ? _stub.BaseUrl : _stub.BaseUrl + "/v1";

    public IEnumerable<SeenRequest> Requests => _stub.Requests;

    /// <summary>The turns this relay answered (requests on its own path).</summary>
    public IEnumerable<SeenRequest> Turns => _stub.Requests.Where(r => r.Path == TurnPath(Protocol));

    public static async Task<OneProtocolRelay> StartAsync(string protocol)
    {
        OneProtocolRelay? self = null;
        var stub = await StubUpstream.StartAsync((ctx, seen) => self!.HandleAsync(ctx, seen));
        self = new OneProtocolRelay(stub, protocol);
        return self;
    }

    private static string TurnPath(string protocol) => protocol switch
    {
        "chat" => "/v1/chat/completions",
        "anthropic" => "/v1/messages",
        _ => "/v1/responses",
    };

    private async Task HandleAsync(HttpContext ctx, SeenRequest seen)
    {
        if (seen.Path != TurnPath(Protocol))
        {
            ctx.Response.StatusCode = 404;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"error":{"message":"Invalid URL (POST """ + seen.Path + """)","type":"invalid_request_error"}}""");
            return;
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(seen.Body);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is not JsonObject request || request["model"] is null)
        {
            ctx.Response.StatusCode = 400;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Protocol == "anthropic"
                ? """{"type":"error","error":{"type":"invalid_request_error","message":"model: field required"}}"""
                : """{"error":{"message":"you must provide a model parameter","type":"invalid_request_error"}}""");
            return;
        }

        var turn = RelayTurn.Of(Protocol, request);
        var stream = request["stream"]?.GetValue<bool>() == true;
        var events = Protocol switch
        {
            "chat" => ChatRelayAnswers.For(turn, stream, request["stream_options"]?["include_usage"]?.GetValue<bool>() == true),
            "anthropic" => AnthropicRelayAnswers.For(turn, stream),
            _ => ResponsesRelayAnswers.For(turn, stream),
        };
        ctx.Response.ContentType = stream ? "text/event-stream" : "application/json";
        foreach (var part in events)
        {
            await ctx.Response.WriteAsync(part);
            await ctx.Response.Body.FlushAsync();
        }
    }

    public ValueTask DisposeAsync() => _stub.DisposeAsync();
}

/// <summary>What a <see cref="OneProtocolRelay"/> answers a turn with: a tool call, or text.</summary>
internal sealed record RelayTurn(string? ToolName, string ToolArguments, string? Text)
{
    public static RelayTurn Of(string protocol, JsonObject request)
    {
        var (lastText, toolResult) = protocol switch
        {
            "chat" => ChatRelayAnswers.Last(request),
            "anthropic" => AnthropicRelayAnswers.Last(request),
            _ => ResponsesRelayAnswers.Last(request),
        };
        if (toolResult is not null)
        {
            return new RelayTurn(null, "", OneProtocolRelay.ToolSeen + toolResult);
        }

        var tools = request["tools"] as JsonArray ?? [];
        var names = tools.Select(t => (string?)(t?["function"]?["name"] ?? t?["name"])).Where(n => n is not null).ToList();
        var shell = names.FirstOrDefault(n => n is "exec_command" or "Bash" or "shell");
        // Clients put context messages after the prompt (Codex's environment context), so the prompt is looked for anywhere.
        var conversation = request[protocol == "responses" ? "input" : "messages"]?.ToJsonString() ?? lastText ?? "";
        if (shell is not null && conversation.Contains(OneProtocolRelay.ToolPrompt, StringComparison.Ordinal))
        {
            var args = new JsonObject { [shell == "exec_command" ? "cmd" : "command"] = OneProtocolRelay.ToolCommand };
            if (shell == "Bash")
            {
                args["description"] = "Print a word";
            }

            return new RelayTurn(shell, args.ToJsonString(), null);
        }

        return new RelayTurn(null, "", OneProtocolRelay.Answer);
    }

    /// <summary>The text of a message content that is a string or a list of text-bearing blocks.</summary>
    public static string? TextOf(JsonNode? content) => content switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray blocks => string.Join("\n", blocks.Select(b => (string?)(b?["text"] ?? (b?["content"] is JsonValue c ? c : null)) ?? TextOf(b?["content"] as JsonArray) ?? "")),
        _ => null,
    };

    public static string Sse(string? name, JsonNode data) =>
        (name is null ? "" : $"event: {name}\n") + "data: " + data.ToJsonString() + "\n\n";

    public static string SplitInTwo(string text, out string rest)
    {
        var half = text.Length / 2;
        rest = text[half..];
        return text[..half];
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>
/// A whole (non-stream) Responses object driven through the same Anthropic output as a stream (spec §G): reasoning
/// items → thinking (encrypted_content as the signature), message text → text, function_call → tool_use, status and
/// usage → the stop; a failed response → the error form.
/// </summary>
internal static class ResponsesBodyToAnthropic
{
    public static void Write(ReadOnlySpan<byte> body, AnthropicOutput output, ToolNameMap names, IBufferWriter<byte> client)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(body.Length > 200 ? body[..200] : body);
            output.Fail(client, AnthropicErrors.ApiError, "upstream answered with a body that is not a response object: " + text);
            return;
        }

        // Some relays wrap the object as a terminal event would.
        if (root.TryGetProperty("response", out var inner) && inner.ValueKind == JsonValueKind.Object)
        {
            root = inner;
        }

        if (ClaudeRequest.String(root, "status") == "failed" || (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object))
        {
            var failed = root.TryGetProperty("error", out var e) ? e : default;
            var relay = new UpstreamError(ClaudeRequest.String(failed, "message") ?? "upstream reported a failed response", Type: null, Code: ClaudeRequest.String(failed, "code"));
            var (type, message) = AnthropicErrors.Classify(AnthropicErrors.TypeFor(relay.Code, null), relay);
            output.Fail(client, type, message);
            return;
        }

        var usage = Usage(root);
        output.Start(client, usage);
        if (root.TryGetProperty("output", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                WriteItem(item, output, names, client);
            }
        }

        var reason = root.TryGetProperty("incomplete_details", out var details) ? ClaudeRequest.String(details, "reason") : null;
        output.Stop(client, ResponsesStopReason.Of(Encoding.UTF8.GetBytes(reason ?? "")), usage);
    }

    private static void WriteItem(JsonElement item, AnthropicOutput output, ToolNameMap names, IBufferWriter<byte> client)
    {
        switch (ClaudeRequest.String(item, "type"))
        {
            case "reasoning":
                var summary = item.TryGetProperty("summary", out var s) ? ClaudeRequest.Text(s, "\n\n") : "";
                var raw = item.TryGetProperty("content", out var c) ? ClaudeRequest.Text(c, "\n\n") : "";
                output.Thinking(client, Encoding.UTF8.GetBytes(summary.Length > 0 ? summary : raw));
                output.Signature(client, Encoding.UTF8.GetBytes(ClaudeRequest.String(item, "encrypted_content") ?? ""));
                break;
            case "message":
                output.Text(client, Encoding.UTF8.GetBytes(item.TryGetProperty("content", out var content) ? ClaudeRequest.Text(content, "") : ""));
                break;
            case "function_call":
                output.ToolUse(client, ClaudeRequest.String(item, "call_id") ?? "", names.Resolve(ClaudeRequest.String(item, "name") ?? "").Name);
                output.ToolInput(client, ToolArguments.AsObjectText(Encoding.UTF8.GetBytes(ClaudeRequest.String(item, "arguments") ?? "")));
                break;
        }

        output.CloseBlock(client);
    }

    private static AnthropicUsage Usage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        long cached = 0;
        if (usage.TryGetProperty("input_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty("cached_tokens", out var c) && c.TryGetInt64(out var n))
        {
            cached = n;
        }

        return AnthropicUsage.FromOpenAi(Number(usage, "input_tokens"), Number(usage, "output_tokens"), cached);
    }

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt64(out var n) ? n : 0;
}

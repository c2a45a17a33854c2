using System.Buffers;
using System.Text;
using System.Text.Json;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>A whole non-streaming Anthropic message driven through the same emitter as a stream (spec G).</summary>
internal static class AnthropicBodyReader
{
    public static void Drive(ReadOnlySpan<byte> body, AnthropicAnswer translator, IBufferWriter<byte> client)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            translator.Fail(client, "upstream answered with a body that is not an Anthropic message: " + Encoding.UTF8.GetString(body.Length > 200 ? body[..200] : body));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (ResponsesToolSet.Str(root, "type") == "error" || root.TryGetProperty("error", out _))
            {
                var error = UpstreamError.Parse(200, body);
                translator.Emitter.Fail(client, ResponsesErrorCodes.Classify(0, error), error.Message);
                return;
            }

            var emitter = translator.Emitter;
            emitter.Start(client, Encoding.UTF8.GetBytes(ResponsesToolSet.Str(root, "id") ?? ""));
            if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                foreach (var block in content.EnumerateArray())
                {
                    Block(block, translator, client);
                }
            }

            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                translator.AddUsage(Long(usage, "input_tokens"), Long(usage, "output_tokens"), Long(usage, "cache_read_input_tokens"), Long(usage, "cache_creation_input_tokens"));
            }

            translator.Stop(ResponsesToolSet.Str(root, "stop_reason"));
            translator.Complete(client);
        }
    }

    private static void Block(JsonElement block, AnthropicAnswer translator, IBufferWriter<byte> client)
    {
        var emitter = translator.Emitter;
        switch (ResponsesToolSet.Str(block, "type"))
        {
            case "text":
                emitter.Text(client, Encoding.UTF8.GetBytes(ResponsesToolSet.Str(block, "text") ?? ""));
                emitter.EndMessage(client);
                break;
            case "thinking":
                emitter.Reasoning(client, Encoding.UTF8.GetBytes(ResponsesToolSet.Str(block, "thinking") ?? ""));
                emitter.ReasoningSignature(Encoding.UTF8.GetBytes(ResponsesToolSet.Str(block, "signature") ?? ""));
                emitter.EndReasoning(client);
                break;
            case "redacted_thinking":
                emitter.OpaqueReasoning(client, AnthropicMessageBuilder.RedactedMarker + ResponsesToolSet.Str(block, "data"));
                break;
            case "tool_use":
                var call = emitter.BeginCall(client, ResponsesToolSet.Str(block, "id") ?? "toolu", translator.Tools.Names.Resolve(ResponsesToolSet.Str(block, "name") ?? ""));
                var input = block.TryGetProperty("input", out var i) ? i.GetRawText() : "{}";
                emitter.CallArguments(client, call, Encoding.UTF8.GetBytes(input));
                emitter.EndCall(client, call);
                break;
        }
    }

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : 0;
}

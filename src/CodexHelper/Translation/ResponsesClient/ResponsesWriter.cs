using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>The JSON shapes of the Responses protocol: output items, the response object, usage, the error body.</summary>
internal static class ResponsesWriter
{
    public static void Response(
        Utf8JsonWriter w, ResponseHead head, IReadOnlyList<OutputItem> items, string? incompleteReason, ResponsesUsage? usage, (string Code, string Message)? error)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, head.Id);
        w.WriteString("object"u8, "response"u8);
        w.WriteNumber("created_at"u8, head.CreatedAt);
        w.WriteString("status"u8, head.Status);
        w.WriteString("model"u8, head.Model);
        w.WriteStartArray("output"u8);
        foreach (var item in items)
        {
            Item(w, item);
        }

        w.WriteEndArray();
        if (usage is { } counts)
        {
            Usage(w, counts);
        }

        if (incompleteReason is null)
        {
            w.WriteNull("incomplete_details"u8);
        }
        else
        {
            w.WriteStartObject("incomplete_details"u8);
            w.WriteString("reason"u8, incompleteReason);
            w.WriteEndObject();
        }

        if (error is { } failure)
        {
            w.WriteStartObject("error"u8);
            w.WriteString("code"u8, failure.Code);
            w.WriteString("message"u8, failure.Message);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("error"u8);
        }

        w.WriteEndObject();
    }

    /// <summary>An item as <c>output_item.added</c> (skeleton) or <c>.done</c> and the terminal output (whole) show it.</summary>
    public static void Item(Utf8JsonWriter w, OutputItem item)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, item.Id);
        switch (item.Kind)
        {
            case OutputItemKind.Message:
                w.WriteString("type"u8, "message"u8);
                w.WriteString("status"u8, item.Status);
                w.WriteString("role"u8, "assistant"u8);
                w.WriteStartArray("content"u8);
                if (item.Done)
                {
                    TextPart(w, item.Text.WrittenSpan);
                }

                w.WriteEndArray();
                break;
            case OutputItemKind.Reasoning:
                Reasoning(w, item);
                break;
            default:
                Call(w, item);
                break;
        }

        w.WriteEndObject();
    }

    public static void TextPart(Utf8JsonWriter w, ReadOnlySpan<byte> text)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, "output_text"u8);
        w.WriteString("text"u8, text);
        w.WriteStartArray("annotations"u8);
        w.WriteEndArray();
        w.WriteStartArray("logprobs"u8);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Usage(Utf8JsonWriter w, ResponsesUsage usage)
    {
        w.WriteStartObject("usage"u8);
        w.WriteNumber("input_tokens"u8, usage.InputTokens);
        w.WriteStartObject("input_tokens_details"u8);
        w.WriteNumber("cached_tokens"u8, usage.CachedTokens);
        w.WriteEndObject();
        w.WriteNumber("output_tokens"u8, usage.OutputTokens);
        w.WriteStartObject("output_tokens_details"u8);
        w.WriteNumber("reasoning_tokens"u8, usage.ReasoningTokens);
        w.WriteEndObject();
        w.WriteNumber("total_tokens"u8, usage.TotalTokens);
        w.WriteEndObject();
    }

    /// <summary>The OpenAI error body: <c>{"error":{"message","type","code","param"}}</c>.</summary>
    public static void ErrorBody(Utf8JsonWriter w, string message, string type, string code)
    {
        w.WriteStartObject();
        w.WriteStartObject("error"u8);
        w.WriteString("message"u8, message);
        w.WriteString("type"u8, type);
        w.WriteString("code"u8, code);
        w.WriteNull("param"u8);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Reasoning(Utf8JsonWriter w, OutputItem item)
    {
        w.WriteString("type"u8, "reasoning"u8);
        w.WriteString("status"u8, item.Status);
        w.WriteStartArray("summary"u8);
        if (item.Done && item.Text.WrittenCount > 0)
        {
            w.WriteStartObject();
            w.WriteString("type"u8, "summary_text"u8);
            w.WriteString("text"u8, item.Text.WrittenSpan);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (item.Done && item.EncryptedContent is not null)
        {
            w.WriteString("encrypted_content"u8, item.EncryptedContent);
        }
    }

    private static void Call(Utf8JsonWriter w, OutputItem item)
    {
        var custom = item.Kind == OutputItemKind.CustomToolCall;
        w.WriteString("type"u8, custom ? "custom_tool_call"u8 : "function_call"u8);
        w.WriteString("status"u8, item.Status);
        w.WriteString("call_id"u8, item.CallId);
        w.WriteString("name"u8, item.Name);
        if (item.Namespace is not null)
        {
            w.WriteString("namespace"u8, item.Namespace);
        }

        if (custom)
        {
            w.WriteString("input"u8, item.Done ? item.Input : default);
        }
        else
        {
            w.WriteString("arguments"u8, item.Done ? item.Text.WrittenSpan : default);
        }
    }
}

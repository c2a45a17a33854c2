using System.Text.Json;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Translation.ResponsesToChat;

/// <summary>Writes the Chat Completions body for a Responses request (spec A.1, A.3, A.4).</summary>
internal static class ChatRequestWriter
{
    public static void Write(Utf8JsonWriter w, JsonElement request, List<ChatMessage> messages, ResponsesToolSet tools, ChatRequestOptions options)
    {
        w.WriteStartObject();
        if (ResponsesToolSet.Str(request, "model") is { } model)
        {
            w.WriteString("model"u8, model);
        }

        w.WriteStartArray("messages"u8);
        foreach (var message in messages)
        {
            WriteMessage(w, message);
        }

        w.WriteEndArray();
        var stream = request.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        w.WriteBoolean("stream"u8, stream);
        if (stream && options.IncludeUsage)
        {
            w.WriteStartObject("stream_options"u8);
            w.WriteBoolean("include_usage"u8, true);
            w.WriteEndObject();
        }

        WriteSampling(w, request, options);
        if (tools.Tools.Count > 0)
        {
            WriteTools(w, tools);
            WriteToolChoice(w, request, tools);
            if (request.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                w.WriteBoolean("parallel_tool_calls"u8, parallel.GetBoolean());
            }
        }

        w.WriteEndObject();
    }

    private static void WriteSampling(Utf8JsonWriter w, JsonElement request, ChatRequestOptions options)
    {
        long? asked = request.TryGetProperty("max_output_tokens", out var max) && max.ValueKind == JsonValueKind.Number ? max.GetInt64() : null;
        long? capped = options.MaxOutputTokens is { } cap ? Math.Min(asked ?? cap, cap) : asked;
        if (capped is { } tokens)
        {
            w.WriteNumber(options.MaxCompletionTokens ? "max_completion_tokens"u8 : "max_tokens"u8, tokens);
        }

        foreach (var name in (string[])["temperature", "top_p"])
        {
            if (request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
            {
                w.WritePropertyName(name);
                value.WriteTo(w);
            }
        }

        if (options.Reasoning && request.TryGetProperty("reasoning", out var reasoning) && ResponsesToolSet.Str(reasoning, "effort") is { Length: > 0 } effort)
        {
            w.WriteString("reasoning_effort"u8, effort.ToLowerInvariant());
        }

        if (request.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.Object && text.TryGetProperty("format", out var format))
        {
            WriteResponseFormat(w, format);
        }
    }

    private static void WriteResponseFormat(Utf8JsonWriter w, JsonElement format)
    {
        var type = ResponsesToolSet.Str(format, "type");
        if (type is "json_object")
        {
            w.WriteStartObject("response_format"u8);
            w.WriteString("type"u8, type);
            w.WriteEndObject();
        }
        else if (type is "json_schema")
        {
            w.WriteStartObject("response_format"u8);
            w.WriteString("type"u8, "json_schema"u8);
            w.WriteStartObject("json_schema"u8);
            foreach (var property in format.EnumerateObject())
            {
                if (property.Name is "name" or "schema" or "strict" or "description")
                {
                    property.WriteTo(w);
                }
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    private static void WriteMessage(Utf8JsonWriter w, ChatMessage message)
    {
        w.WriteStartObject();
        w.WriteString("role"u8, message.Role);
        if (message.HasImages)
        {
            WriteParts(w, message);
        }
        else if (message.ToolCalls.Count > 0 && message.Text.IsEmpty)
        {
            w.WriteNull("content"u8);
        }
        else
        {
            message.Text.Write(w, "content"u8);
        }

        if (message.Reasoning is not null)
        {
            w.WriteString("reasoning_content"u8, message.Reasoning);
        }

        if (message.ToolCallId is not null)
        {
            w.WriteString("tool_call_id"u8, message.ToolCallId);
        }

        if (message.ToolCalls.Count > 0)
        {
            w.WriteStartArray("tool_calls"u8);
            foreach (var call in message.ToolCalls)
            {
                w.WriteStartObject();
                w.WriteString("id"u8, call.Id);
                w.WriteString("type"u8, "function"u8);
                w.WriteStartObject("function"u8);
                w.WriteString("name"u8, call.Name);
                w.WriteString("arguments"u8, call.Arguments);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteParts(Utf8JsonWriter w, ChatMessage message)
    {
        w.WriteStartArray("content"u8);
        foreach (var part in message.Parts)
        {
            w.WriteStartObject();
            if (part.ImageUrl is null)
            {
                w.WriteString("type"u8, "text"u8);
                part.Text.Write(w, "text"u8);
            }
            else
            {
                w.WriteString("type"u8, "image_url"u8);
                w.WriteStartObject("image_url"u8);
                w.WriteString("url"u8, part.ImageUrl);
                if (part.Detail is not null)
                {
                    w.WriteString("detail"u8, part.Detail);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTools(Utf8JsonWriter w, ResponsesToolSet tools)
    {
        w.WriteStartArray("tools"u8);
        foreach (var tool in tools.Tools)
        {
            w.WriteStartObject();
            w.WriteString("type"u8, "function"u8);
            w.WriteStartObject("function"u8);
            w.WriteString("name"u8, tool.UpstreamName);
            tool.WriteDescription(w, skipEmpty: false);
            w.WritePropertyName("parameters"u8);
            tool.WriteSchema(w);

            if (!tool.IsCustom && tool.Strict is { } strict)
            {
                w.WriteBoolean("strict"u8, strict);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteToolChoice(Utf8JsonWriter w, JsonElement request, ResponsesToolSet tools)
    {
        if (!request.TryGetProperty("tool_choice", out var choice))
        {
            return;
        }

        if (choice.ValueKind == JsonValueKind.String && choice.GetString() is "auto" or "none" or "required")
        {
            w.WriteString("tool_choice"u8, choice.GetString());
            return;
        }

        if (ResponsesToolSet.Str(choice, "type") is "function" or "custom" && ResponsesToolSet.Str(choice, "name") is { } name)
        {
            w.WriteStartObject("tool_choice"u8);
            w.WriteString("type"u8, "function"u8);
            w.WriteStartObject("function"u8);
            w.WriteString("name"u8, tools.Names.ToUpstream(name, ResponsesToolSet.Str(choice, "namespace")));
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }

        // allowed_tools and hosted-tool choices have no chat form.
        w.WriteString("tool_choice"u8, "auto"u8);
    }
}

using System.Text.Json;

namespace CodexHelper.Sessions;

/// <summary>Pure: a tool call's arguments as one short line (a shell command when there is one, else the compact JSON).</summary>
internal static class ToolCallSummary
{
    public const int Length = 80;

    public static string FromArguments(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return "";
        }

        try
        {
            using var doc = JsonDocument.Parse(arguments);
            return FromElement(doc.RootElement);
        }
        catch (JsonException)
        {
            return UserText.OneLine(arguments, Length);
        }
    }

    public static string FromElement(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var key in (ReadOnlySpan<string>)["command", "cmd", "query", "file_path", "path", "pattern", "url", "prompt"])
            {
                if (element.TryGetProperty(key, out var value) && Text(value) is { Length: > 0 } text)
                {
                    return UserText.OneLine(text, Length);
                }
            }
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            return UserText.OneLine(element.GetString() ?? "", Length);
        }

        return UserText.OneLine(element.GetRawText(), Length);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => string.Join(' ', value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString())),
        _ => null,
    };
}

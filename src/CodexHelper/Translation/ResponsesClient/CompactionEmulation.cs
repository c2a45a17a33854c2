using System.Text;
using System.Text.Json.Nodes;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>
/// Codex's remote compaction for an upstream that cannot compact (any translated one). Codex (0.169, OpenAI provider,
/// <c>x-codex-beta-features: remote_compaction_v2</c>) asks for it inside <c>/responses</c>: the input ends with
/// <c>{"type":"compaction_trigger"}</c>, and the answer must hold exactly one output item
/// <c>{"type":"compaction","encrypted_content":…}</c>, which Codex then sends back in place of the history. Emulated:
/// the trigger becomes an ordinary request for a summary (no tools), the answer's text is wrapped as that item
/// (<see cref="CompactionAnswer"/>), and a wrapped item coming back is expanded into the summary as a user message.
/// A compaction item another upstream made (OpenAI's opaque one) cannot be read and is left out, with a note.
/// </summary>
internal static class CompactionEmulation
{
    /// <summary>Marks an <c>encrypted_content</c> that holds our summary (base64 of its UTF-8 text after it).</summary>
    public const string Prefix = "codex-helper-summary:v1:";

    private const string SummaryPrompt =
        "Summarise the conversation so far for yourself, to continue it later without the full history: the task and "
        + "its goal, decisions made, the current state (files touched, commands run and what they showed), open problems "
        + "and the next steps. Be complete but concise; answer with the summary only.";

    private const string SummaryIntro = "Summary of the conversation so far (the earlier history was compacted):\n\n";

    /// <summary>
    /// The body with compaction rewritten for an upstream that cannot compact, or null when it has no compaction
    /// items (the common case: nothing is parsed beyond a byte search). <paramref name="summarising"/> says the body
    /// now asks for a summary, whose answer <see cref="CompactionAnswer"/> must wrap.
    /// </summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> body, List<string> dropped, out bool summarising)
    {
        summarising = false;
        if (body.IndexOf("\"compaction"u8) < 0 || JsonNode.Parse(body) is not JsonObject request || request["input"] is not JsonArray input)
        {
            return null;
        }

        for (var i = input.Count - 1; i >= 0; i--)
        {
            var item = input[i] as JsonObject;
            switch ((string?)item?["type"])
            {
                case "compaction_trigger":
                    input.RemoveAt(i);
                    summarising |= i == input.Count;
                    break;
                case "compaction":
                    input[i] = Expanded(item!, dropped);
                    break;
            }
        }

        for (var i = input.Count - 1; i >= 0; i--)
        {
            if (input[i] is null)
            {
                input.RemoveAt(i);
            }
        }

        if (summarising)
        {
            input.Add((JsonNode)UserMessage(SummaryPrompt));
            request.Remove("tools");
            request.Remove("tool_choice");
            request.Remove("parallel_tool_calls");
        }

        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    /// <summary>The summary a wrapped compaction item carries, as a user message; null (left out) for one we did not make.</summary>
    private static JsonObject? Expanded(JsonObject item, List<string> dropped)
    {
        var content = (string?)item["encrypted_content"];
        if (content is null || !content.StartsWith(Prefix, StringComparison.Ordinal))
        {
            dropped.Add("compaction item: made by another upstream, unreadable here (the history before it is lost to this relay)");
            return null;
        }

        try
        {
            return UserMessage(SummaryIntro + Encoding.UTF8.GetString(Convert.FromBase64String(content[Prefix.Length..])));
        }
        catch (FormatException)
        {
            dropped.Add("compaction item: damaged summary left out");
            return null;
        }
    }

    /// <summary>What an emulated compaction item carries: our marker and the summary.</summary>
    public static string Wrap(string summary) => Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(summary));

    private static JsonObject UserMessage(string text) => new()
    {
        ["type"] = "message",
        ["role"] = "user",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = text }),
    };
}

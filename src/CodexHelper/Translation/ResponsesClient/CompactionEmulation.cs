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

    /// <summary>What the log's <c>translation_dropped</c> says of an emulated compaction.</summary>
    public const string EmulatedNote = "compaction: emulated (the relay was asked for a summary)";

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
    /// <param name="emulate">False for a relay that compacts itself: only our own items are expanded (it cannot read
    /// them), its own and any trigger stay.</param>
    public static byte[]? Rewrite(ReadOnlySpan<byte> body, List<string> dropped, out bool summarising, bool emulate = true)
    {
        summarising = false;
        if (body.IndexOf(emulate ? "\"compaction"u8 : PrefixBytes) < 0 || JsonNode.Parse(body) is not JsonObject request || request["input"] is not JsonArray input)
        {
            return null;
        }

        summarising = Rewrite(request, input, dropped, emulate);
        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    /// <summary>
    /// Codex's <c>POST /responses/compact</c> body (<c>model</c>, <c>input</c>, <c>instructions</c>, <c>tools</c>,
    /// <c>parallel_tool_calls</c>, <c>reasoning</c>, <c>text</c>) as an ordinary, non-streaming <c>/responses</c>
    /// request for a summary; <paramref name="kept"/> is the input's user messages (a JSON array), which the answer
    /// carries before its compaction item as OpenAI's does. Throws <see cref="System.Text.Json.JsonException"/> on a body that is not one.
    /// </summary>
    public static byte[] SummaryRequest(ReadOnlySpan<byte> body, List<string> dropped, out byte[] kept)
    {
        if (JsonNode.Parse(body) is not JsonObject request)
        {
            throw new System.Text.Json.JsonException("the compaction request is not a JSON object");
        }

        var input = request["input"] switch
        {
            JsonArray items => items,
            JsonValue text when text.TryGetValue<string>(out var s) => new JsonArray(UserMessage(s)),
            _ => new JsonArray(),
        };
        request["input"] = input;
        var users = new JsonArray();
        foreach (var item in input)
        {
            if (item is JsonObject o && (string?)o["role"] == "user" && ((string?)o["type"] ?? "message") == "message")
            {
                users.Add((JsonNode)o.DeepClone());
            }
        }

        kept = Encoding.UTF8.GetBytes(users.ToJsonString());
        input.Add((JsonNode)new JsonObject { ["type"] = "compaction_trigger" });
        request["stream"] = false;
        request["store"] = false;
        request.Remove("previous_response_id");
        Rewrite(request, input, dropped, emulate: true);
        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    /// <summary>Expands our compaction items, and turns a trailing trigger into the summary prompt (true when it did).</summary>
    private static bool Rewrite(JsonObject request, JsonArray input, List<string> dropped, bool emulate)
    {
        var summarising = false;
        for (var i = input.Count - 1; i >= 0; i--)
        {
            var item = input[i] as JsonObject;
            switch ((string?)item?["type"])
            {
                case "compaction_trigger" when emulate:
                    input.RemoveAt(i);
                    summarising |= i == input.Count;
                    break;
                case "compaction" when emulate || IsOurs(item!):
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

        return summarising;
    }

    private static ReadOnlySpan<byte> PrefixBytes => "codex-helper-summary:v1:"u8;

    private static bool IsOurs(JsonObject item) => ((string?)item["encrypted_content"])?.StartsWith(Prefix, StringComparison.Ordinal) == true;

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

using System.Text;
using System.Text.Json;
using CodexHelper.Files;

namespace CodexHelper.Sessions;

/// <summary>
/// Owner of Claude Code's session format: <c>projects/&lt;encoded cwd&gt;/&lt;session-uuid&gt;.jsonl</c>, where
/// the cwd is encoded as <see cref="ClaudeProjectDirName"/> says. Records carry <c>sessionId</c>,
/// <c>cwd</c>, <c>timestamp</c> and a <c>message</c> whose content is a string or a list of blocks.
/// </summary>
internal sealed class ClaudeSessionFile(AppPaths paths) : ISessionFormat
{
    // Head reading gives up after this much: a first record larger than it is pasted data, not a head.
    private const int MaxHeadBytes = 4 * 1024 * 1024;

    public SessionSource Source => SessionSource.Claude;

    public IReadOnlyList<string> Roots => [paths.ClaudeProjectsDir];

    public List<SessionFile> Enumerate(string? directory)
    {
        var files = new List<SessionFile>();
        if (!Directory.Exists(paths.ClaudeProjectsDir))
        {
            return files;
        }

        var encoded = directory is null ? null : ClaudeProjectDirName.Slug(DirectoryMatch.Normalize(directory));
        foreach (var project in Directory.EnumerateDirectories(paths.ClaudeProjectsDir))
        {
            // The folder name is the encoded start cwd: a project that cannot be DIR, above it or below it is never opened.
            if (encoded is not null && !MayMatch(Path.GetFileName(project), encoded))
            {
                continue;
            }

            files.AddRange(SessionFiles.Find(project, recurse: false,
                name => name.EndsWith(".jsonl", StringComparison.Ordinal),
                name => name[..^6]));
        }

        return files;
    }

    internal static bool MayMatch(string folder, string encodedDirectory) =>
        ClaudeProjectDirName.MayMatch(folder, encodedDirectory, Files.OsPath.Current);

    public SessionHead? ReadHead(SessionFile file)
    {
        try
        {
            using var handle = SessionFiles.OpenHandle(file.Path);
            using var buffer = new JsonStreamBuffer(handle, 8 * 1024, MaxHeadBytes);
            return ReadHead(buffer, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Reads records until one has a cwd; properties other than cwd / sessionId / timestamp are skipped unread.</summary>
    private static SessionHead? ReadHead(JsonStreamBuffer buffer, SessionFile file)
    {
        buffer.Reset(new JsonReaderOptions { AllowMultipleValues = true });
        string? cwd = null, sessionId = null;
        DateTimeOffset? started = null;
        var done = false;
        while (!done && (buffer.Fill() || buffer.EndOfStream))
        {
            var reader = buffer.CreateReader();
            var consumed = 0L;
            var state = reader.CurrentState;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    if (!TryTakeField(ref reader, ref cwd, ref sessionId, ref started))
                    {
                        break;
                    }
                }
                else if (reader.TokenType != JsonTokenType.EndObject && reader.CurrentDepth == 0 && reader.TokenType != JsonTokenType.StartObject)
                {
                    return null; // a JSONL of something other than records
                }

                consumed = reader.BytesConsumed;
                state = reader.CurrentState;
                // The record that names the cwd usually carries its timestamp after the (possibly big) message, so finish that record first.
                if (cwd is not null && (started is not null || (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)))
                {
                    done = true;
                    break;
                }
            }

            if (done || buffer.EndOfStream)
            {
                break;
            }

            buffer.Advance(consumed, state);
        }

        if (cwd is null)
        {
            return null;
        }

        return new SessionHead(file, sessionId ?? file.NameId, started ?? file.LastWrite(), cwd);
    }

    /// <summary>At a record's property name: keeps the first cwd / sessionId / timestamp, skips any other value.
    /// False when the value does not end inside the buffer yet.</summary>
    private static bool TryTakeField(ref Utf8JsonReader reader, ref string? cwd, ref string? sessionId, ref DateTimeOffset? started)
    {
        var field = reader.ValueTextEquals("cwd"u8) ? 1 : reader.ValueTextEquals("sessionId"u8) ? 2 : reader.ValueTextEquals("timestamp"u8) ? 3 : 0;
        if (field == 0)
        {
            return reader.TrySkip();
        }

        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return reader.TrySkip();
        }

        switch (field)
        {
            case 1: cwd ??= reader.GetString(); break;
            case 2: sessionId ??= reader.GetString(); break;
            default: started ??= JsonTimestamp.Read(ref reader); break;
        }

        return true;
    }

    public List<TranscriptMessage> ReadMessages(string path, bool userOnly)
    {
        var result = new List<TranscriptMessage>();
        using var stream = SessionFiles.OpenRead(path);
        using var lines = new JsonlLineReader(stream);
        while (lines.TryReadLine(out var line))
        {
            if (userOnly && line.Span.IndexOf("\"user\""u8) < 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                Collect(doc.RootElement, userOnly, result);
            }
            catch (JsonException)
            {
            }
        }

        return result;
    }

    private static void Collect(JsonElement record, bool userOnly, List<TranscriptMessage> result)
    {
        if (record.ValueKind != JsonValueKind.Object
            || Bool(record, "isMeta") || Bool(record, "isSidechain") || Bool(record, "isCompactSummary")
            || !record.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var type = CodexRolloutMessages.Str(record, "type");
        var timestamp = JsonTimestamp.Read(record, "timestamp");
        message.TryGetProperty("content", out var content);
        if (type == "user")
        {
            // Content made only of tool_result blocks is the tool talking back, not the person.
            var text = content.ValueKind == JsonValueKind.String ? content.GetString() ?? "" : Texts(content);
            text = text.Trim();
            if (text.Length > 0 && !UserText.IsInjected(text, SessionSource.Claude))
            {
                result.Add(new TranscriptMessage(TranscriptMessage.User, timestamp, text));
            }

            return;
        }

        if (userOnly || type != "assistant")
        {
            return;
        }

        if (content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } plain)
        {
            result.Add(new TranscriptMessage(TranscriptMessage.Assistant, timestamp, plain.Trim()));
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            switch (CodexRolloutMessages.Str(block, "type"))
            {
                case "text" when CodexRolloutMessages.Str(block, "text") is { } t && t.Trim().Length > 0:
                    result.Add(new TranscriptMessage(TranscriptMessage.Assistant, timestamp, t.Trim()));
                    break;
                case "tool_use":
                    var summary = block.TryGetProperty("input", out var input) ? ToolCallSummary.FromElement(input) : "";
                    result.Add(TranscriptMessage.ToolCall(timestamp, CodexRolloutMessages.Str(block, "name") ?? "tool", summary));
                    break;
            }
        }
    }

    private static string Texts(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var builder = new StringBuilder();
        foreach (var block in content.EnumerateArray())
        {
            if (CodexRolloutMessages.Str(block, "type") == "text" && CodexRolloutMessages.Str(block, "text") is { } text)
            {
                if (builder.Length > 0)
                {
                    builder.Append('\n');
                }

                builder.Append(text);
            }
        }

        return builder.ToString();
    }

    private static bool Bool(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
}

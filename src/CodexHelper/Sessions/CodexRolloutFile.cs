using System.Text.Json;

namespace CodexHelper.Sessions;

/// <summary>
/// Owner of the Codex rollout format: <c>sessions/YYYY/MM/DD/rollout-&lt;time&gt;-&lt;uuid&gt;.jsonl</c> and
/// <c>archived_sessions/</c>. Line 1 is <c>session_meta</c> (≈30 KB in 0.169 because it carries the base
/// instructions); the user's prompts are <c>event_msg/user_message</c> (older versions) or
/// <c>response_item</c> user messages (0.169), mixed with injected context that is not the user's words.
/// </summary>
internal sealed class CodexRolloutFile(AppPaths paths) : ISessionFormat
{
    // A first line bigger than this is not a session_meta we can use; the file is skipped.
    private const int MaxHeadBytes = 8 * 1024 * 1024;
    private const int UuidLength = 36;

    public SessionSource Source => SessionSource.Codex;

    public IReadOnlyList<string> Roots => [paths.CodexSessionsDir, paths.CodexArchivedSessionsDir];

    public List<SessionFile> Enumerate(string? directory)
    {
        var files = new List<SessionFile>();
        foreach (var root in Roots)
        {
            files.AddRange(SessionFiles.Find(root, recurse: true, IsRolloutName, NameId));
        }

        return files;
    }

    private static bool IsRolloutName(string name) =>
        name.StartsWith("rollout-", StringComparison.Ordinal) && name.EndsWith(".jsonl", StringComparison.Ordinal);

    /// <summary>The uuid at the end of <c>rollout-2025-01-02T10-00-00-&lt;uuid&gt;.jsonl</c>.</summary>
    internal static string NameId(string fileName)
    {
        var stem = fileName.EndsWith(".jsonl", StringComparison.Ordinal) ? fileName[..^6] : fileName;
        return stem.Length >= UuidLength && Guid.TryParse(stem.AsSpan(stem.Length - UuidLength), out _) ? stem[^UuidLength..] : stem;
    }

    /// <summary>Start time from the file name, for a meta line without one.</summary>
    internal static DateTimeOffset? NameTime(string path)
    {
        var name = Path.GetFileName(path);
        const string prefix = "rollout-";
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length < prefix.Length + 19)
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(name.AsSpan(prefix.Length, 19), "yyyy-MM-ddTHH-mm-ss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeLocal, out var value) ? value.ToUniversalTime() : null;
    }

    public SessionHead? ReadHead(SessionFile file)
    {
        try
        {
            using var handle = SessionFiles.OpenHandle(file.Path);
            using var buffer = new JsonStreamBuffer(handle, 8 * 1024, MaxHeadBytes);
            if (ReadMeta(buffer) is not { } meta)
            {
                return null;
            }

            var id = meta.Id ?? (file.NameId.Length == UuidLength ? file.NameId : null);
            var started = meta.Timestamp ?? NameTime(file.Path) ?? file.LastWrite();
            return id is null ? null : new SessionHead(file, id, started, meta.Cwd, meta.Provider);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    internal readonly record struct Meta(string? Id, DateTimeOffset? Timestamp, string? Cwd, string? Provider = null);

    /// <summary>
    /// Pulls id / timestamp / cwd from the first record, reading incrementally and stopping as soon as
    /// all three are known; anything else (base_instructions, git info) is skipped, never materialised.
    /// </summary>
    internal static Meta? ReadMeta(Stream stream)
    {
        using var buffer = new JsonStreamBuffer(stream, 8 * 1024, MaxHeadBytes);
        return ReadMeta(buffer);
    }

    private static Meta? ReadMeta(JsonStreamBuffer buffer)
    {
        buffer.Reset(default);
        string? id = null, cwd = null, type = null, flatId = null, flatCwd = null, provider = null;
        DateTimeOffset? timestamp = null, recordTimestamp = null;
        var inPayload = false;
        var started = false;
        var complete = false;

        while (buffer.Fill() || buffer.EndOfStream)
        {
            var reader = buffer.CreateReader();
            var consumed = 0L;
            var state = reader.CurrentState;
            var finished = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject when reader.CurrentDepth == 0:
                        started = true;
                        break;
                    case JsonTokenType.EndObject when reader.CurrentDepth == 0:
                        finished = true;
                        break;
                    case JsonTokenType.EndObject when reader.CurrentDepth == 1:
                        inPayload = false;
                        break;
                    case JsonTokenType.PropertyName:
                        var depth = reader.CurrentDepth;
                        if (depth == 1 && reader.ValueTextEquals("payload"u8))
                        {
                            if (!reader.Read())
                            {
                                goto needMore;
                            }

                            if (reader.TokenType == JsonTokenType.StartObject)
                            {
                                inPayload = true;
                            }
                            else if (!reader.TrySkip())
                            {
                                goto needMore;
                            }
                        }
                        else if (depth is 1 or 2 && Wanted(ref reader, depth == 2 && inPayload) is { } field)
                        {
                            if (!reader.Read())
                            {
                                goto needMore;
                            }

                            switch (field)
                            {
                                case Field.Type: type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; break;
                                case Field.RecordTimestamp: recordTimestamp = JsonTimestamp.Read(ref reader); break;
                                case Field.FlatId: flatId = StringOrNull(ref reader); break;
                                case Field.FlatCwd: flatCwd = StringOrNull(ref reader); break;
                                case Field.Id: id = StringOrNull(ref reader); break;
                                case Field.Timestamp: timestamp = JsonTimestamp.Read(ref reader); break;
                                case Field.Cwd: cwd = StringOrNull(ref reader); break;
                                case Field.Provider: provider = StringOrNull(ref reader); break;
                            }

                            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                            {
                                goto needMore;
                            }
                        }
                        else if (!reader.TrySkip())
                        {
                            goto needMore;
                        }

                        break;
                    default:
                        if (!started)
                        {
                            return null; // not an object: not a rollout
                        }

                        break;
                }

                consumed = reader.BytesConsumed;
                state = reader.CurrentState;
                if (type is not null && type != "session_meta")
                {
                    return null;
                }

                // model_provider comes before the ~30 KB base_instructions in 0.169, so waiting for it costs little.
                if (finished || (id is not null && cwd is not null && timestamp is not null && provider is not null))
                {
                    finished = true;
                    break;
                }
            }

        needMore:
            if (finished)
            {
                complete = true;
                break;
            }

            if (buffer.EndOfStream)
            {
                return null; // the first record ended early: half-written or not JSON
            }

            buffer.Advance(consumed, state);
        }

        if (!complete)
        {
            return null;
        }

        // Very old rollouts put the meta fields at the top level instead of under payload.
        return new Meta(id ?? flatId, timestamp ?? recordTimestamp, cwd ?? flatCwd, provider);
    }

    private enum Field
    {
        Type,
        RecordTimestamp,
        FlatId,
        FlatCwd,
        Id,
        Timestamp,
        Cwd,
        Provider,
    }

    private static Field? Wanted(ref Utf8JsonReader reader, bool inPayload)
    {
        if (inPayload)
        {
            return reader.ValueTextEquals("id"u8) ? Field.Id
                : reader.ValueTextEquals("timestamp"u8) ? Field.Timestamp
                : reader.ValueTextEquals("cwd"u8) ? Field.Cwd
                : reader.ValueTextEquals("model_provider"u8) ? Field.Provider
                : null;
        }

        if (reader.CurrentDepth != 1)
        {
            return null;
        }

        return reader.ValueTextEquals("type"u8) ? Field.Type
            : reader.ValueTextEquals("timestamp"u8) ? Field.RecordTimestamp
            : reader.ValueTextEquals("id"u8) ? Field.FlatId
            : reader.ValueTextEquals("cwd"u8) ? Field.FlatCwd
            : null;
    }

    private static string? StringOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    public List<TranscriptMessage> ReadMessages(string path, bool userOnly) =>
        CodexRolloutMessages.Read(path, userOnly);
}

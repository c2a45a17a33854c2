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


    /// <summary>
    /// Pulls id / timestamp / cwd from the first record, reading incrementally and stopping as soon as
    /// all three are known; anything else (base_instructions, git info) is skipped, never materialised.
    /// </summary>
    internal static CodexRolloutMeta? ReadMeta(Stream stream)
    {
        using var buffer = new JsonStreamBuffer(stream, 8 * 1024, MaxHeadBytes);
        return ReadMeta(buffer);
    }

    private static CodexRolloutMeta? ReadMeta(JsonStreamBuffer buffer)
    {
        buffer.Reset(default);
        var scan = new CodexRolloutMetaScan();
        while (buffer.Fill() || buffer.EndOfStream)
        {
            var reader = buffer.CreateReader();
            switch (scan.Read(ref reader, out var consumed, out var state))
            {
                case CodexRolloutMetaScan.Outcome.Complete:
                    return scan.Result;
                case CodexRolloutMetaScan.Outcome.NotRollout:
                    return null;
            }

            if (buffer.EndOfStream)
            {
                return null; // the first record ended early: half-written or not JSON
            }

            buffer.Advance(consumed, state);
        }

        return null;
    }

    public List<TranscriptMessage> ReadMessages(string path, bool userOnly) =>
        CodexRolloutMessages.Read(path, userOnly);
}

using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// The client's session id from the request headers: Codex sends <c>session-id</c> (older builds
/// <c>session_id</c>), Claude Code <c>x-claude-code-session-id</c>. Both equal the id of the client's
/// session file, which is what joins the request log to <c>session list</c>.
/// </summary>
internal static class SessionIdHeader
{
    // Ids are uuids; anything longer is not an id we can join on, and the log is no place for a blob.
    private const int MaxLength = 128;

    public static string? Find(IHeaderDictionary headers)
    {
        foreach (var name in (ReadOnlySpan<string>)["session-id", "x-claude-code-session-id", "session_id"])
        {
            if (headers.TryGetValue(name, out var values) && values.Count > 0 && values[0] is { Length: > 0 and <= MaxLength } id)
            {
                return id.Trim();
            }
        }

        return null;
    }
}

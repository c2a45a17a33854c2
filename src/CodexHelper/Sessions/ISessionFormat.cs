namespace CodexHelper.Sessions;

/// <summary>
/// One client's session files: where they are and how to read them. Each implementation is the only
/// code that knows its client's file format.
/// </summary>
internal interface ISessionFormat
{
    SessionSource Source { get; }

    /// <summary>The directories searched, for messages that tell the user where we looked.</summary>
    IReadOnlyList<string> Roots { get; }

    /// <summary>Every session file; <paramref name="directory"/> is a hint that lets a format skip files that cannot match.</summary>
    List<SessionFile> Enumerate(string? directory);

    /// <summary>Id, start and cwd from the head of the file; null when the file is not a readable session.</summary>
    SessionHead? ReadHead(SessionFile file);

    /// <summary>The session's messages in file order; with <paramref name="userOnly"/>, only the user's own words.</summary>
    List<TranscriptMessage> ReadMessages(string path, bool userOnly);
}

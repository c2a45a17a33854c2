namespace CodexHelper.Sessions;

/// <summary>A whole session, normalised across clients: what <c>session export</c> writes.</summary>
internal sealed record SessionTranscript(string Id, string? Cwd, DateTimeOffset StartedAt, IReadOnlyList<TranscriptMessage> Messages)
{
    /// <summary>The session's tokens and cost, written last (after the messages).</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(1)]
    public SessionUsage? Usage { get; init; }
}

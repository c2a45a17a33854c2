namespace CodexHelper.Sessions;

/// <summary>A whole session, normalised across clients: what <c>session export</c> writes.</summary>
internal sealed record SessionTranscript(string Id, string? Cwd, DateTimeOffset StartedAt, IReadOnlyList<TranscriptMessage> Messages);

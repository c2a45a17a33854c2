namespace CodexHelper.Conversations;

/// <summary>A body after cleaning: the same memory when nothing was removed, else a new one; how many items went, and whether thinking had to be turned off for the turn.</summary>
internal readonly record struct CleanedBody(ReadOnlyMemory<byte> Body, int Removed, bool ThinkingDisabled)
{
    public static CleanedBody Untouched(ReadOnlyMemory<byte> body) => new(body, 0, false);
}

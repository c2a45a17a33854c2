namespace CodexHelper.Sessions;

/// <summary>
/// One entry of a normalised transcript: a user / assistant message (<see cref="Text"/>) or a tool call
/// (<see cref="Role"/> = "tool", <see cref="Name"/> and a one-line <see cref="Summary"/>).
/// </summary>
internal sealed record TranscriptMessage(string Role, DateTimeOffset? Timestamp, string? Text = null, string? Name = null, string? Summary = null)
{
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";

    public static TranscriptMessage ToolCall(DateTimeOffset? timestamp, string name, string summary) =>
        new(Tool, timestamp, Name: name, Summary: summary);
}
